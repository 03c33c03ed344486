import MaskedDiffusion

/// The seeded input sequence of the key storm (`unmask-bench keystorm`): single keys from every
/// group of the workbench's key map, on every tab, with runs of `+`/`-` long enough to push the
/// selected knob to its limit, and `:` commands that set knobs to and past their limits. The same
/// seed gives the same sequence, so a failure names the seed and the input index that replays it.
///
/// Left out on purpose: `q`/Ctrl-C (they end the run), `t` (it would pause the ESPO run the storm
/// runs beside), Enter (on the Models tab it loads another model, which is not training),
/// Escape and `:` on their own (the storm uses them to probe that a key was answered, see
/// `KeyStormBench`), and `:run`/`:load` (they change the run or the model under test).
struct KeyStorm {
    /// One input: the bytes written to the terminal at once and a label for reports.
    struct Input {
        var bytes: String
        var label: String
        /// Opens the help overlay, which swallows the next key.
        var opensHelp: Bool { label == "?" || label == "F1" }
    }

    /// Keys as a terminal (xterm) sends them.
    static let keys: [Input] = {
        let chars = " []hlbBpxcnNwkj+=-rRemdTE?123456gGvoa}{zZ0"
        let special: [(String, String)] = [
            ("\u{1B}[A", "Up"), ("\u{1B}[B", "Down"), ("\u{1B}[C", "Right"), ("\u{1B}[D", "Left"),
            ("\u{1B}[H", "Home"), ("\u{1B}[F", "End"), ("\u{1B}[5~", "PageUp"), ("\u{1B}[6~", "PageDown"),
            ("\t", "Tab"), ("\u{1B}[Z", "BackTab"), ("\u{1B}OP", "F1"), ("\u{7F}", "Backspace")
        ]
        return chars.map { Input(bytes: String($0), label: String($0)) } + special.map { Input(bytes: $0.0, label: $0.1) }
    }()

    /// Commands at and past every knob's limits, and the other commands that change no model or run.
    static let commands = [
        "set steps 1", "set steps 0", "set steps 4096", "set steps -3", "set length 1", "set length 0",
        "set length 4096", "set block 1", "set block off", "set block 999", "set strategy threshold",
        "set strategy eb", "set strategy emigm", "set strategy radd", "set strategy radd-ordered",
        "set strategy llada", "set strategy nope", "set temperature 0", "set temperature 5",
        "set temperature 1e9", "set temperature -1", "set cfg 0", "set cfg 1000", "set top-k 1", "set top-k 0",
        "set gamma 0", "set gamma 1e9", "set threshold 0.05", "set threshold 1.5", "set eos-ids 2",
        "set forbid-eos on", "set top-p 0", "set top-p 1", "set candidates 0", "set candidates 99",
        "set seed 0", "set seed 18446744073709551615", "chat on", "export", "prompt 3", "prompt 999999", "prompt 25 3 7=46",
        "pin 1", "pin 9", "units 1",
        "units 1000000", "sweep 4", "sweep stop", "sweep off", "sweep 0", "theme nord", "theme nope", "bogus", ""
    ]

    var rng: RNG

    init(seed: UInt64) { rng = RNG(seed: seed, stream: .data) }

    /// The next `count` inputs: 1 in 16 a command; 1 in 8 a run of 5–40 presses of `+` or `-`;
    /// else one key.
    mutating func inputs(_ count: Int) -> [Input] {
        var out: [Input] = []
        while out.count < count {
            switch pick(16) {
            case 0:
                let line = Self.commands[pick(Self.commands.count)]
                out.append(Input(bytes: ":" + line + "\r", label: ":" + line))
            case 1, 2:
                let key = pick(2) == 0 ? "+" : "-"
                out += Array(repeating: Input(bytes: key, label: key), count: 5 + pick(36))
            default:
                out.append(Self.keys[pick(Self.keys.count)])
            }
        }
        return Array(out.prefix(count))
    }

    /// Uniform in 0..<n.
    mutating func pick(_ n: Int) -> Int { min(n - 1, Int(rng.uniformDouble() * Double(n))) }
}
