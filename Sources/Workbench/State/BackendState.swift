/// The backend process the workbench drives (`unmask tui --backend CMD`), as the title and
/// status bars show it.
public struct BackendState: Sendable, Equatable {
    /// Where the command runs: "ssh gpu1" or "local pipe" (`BackendState.location(of:)`).
    var location: String
    /// The device the backend announced ("cuda:0", "cpu").
    var device: String
    /// The last ping's round trip, in seconds.
    var roundTrip: Double?
    /// Seconds the backend has not answered a ping (nil: it answers).
    var silentFor: Double?
    /// Why the backend is down (nil: it is up).
    var down: String?
    /// `:backend restart` was asked: the next hello resumes the interrupted jobs.
    var restarting = false
    /// Ids whose text was asked of the backend and has not arrived (never asked twice).
    var textAsked: Set<Int32> = []

    public init(location: String, device: String) {
        self.location = location
        self.device = device
    }

    /// "ssh HOST" when the command starts with ssh (its first argument that is not an option
    /// or an option's value), else "local pipe".
    public static func location(of command: String) -> String {
        let words = command.split(separator: " ").map(String.init)
        guard words.first == "ssh" else { return "local pipe" }
        // ssh options that take a value (OpenSSH's usage line).
        let valued: Set<Character> = [
            "B", "b", "c", "D", "E", "e", "F", "I", "i", "J", "L", "l", "m", "O", "o", "p", "Q", "R", "S", "W", "w"
        ]
        var i = 1
        while i < words.count, words[i].hasPrefix("-") {
            let flag = words[i].dropFirst()
            i += flag.count == 1 && valued.contains(flag.first!) ? 2 : 1
        }
        return i < words.count ? "ssh \(words[i])" : "ssh"
    }

    /// The title bar's words: "cuda:0 via ssh gpu1 · 12 ms".
    var title: String {
        if down != nil { return "\(device) via \(location) · down" }
        let rtt = roundTrip.map { String(format: "%.0f ms", $0 * 1000) } ?? "…"
        return "\(device) via \(location) · \(rtt)"
    }

    /// The status bar's right end: nil when all is well.
    var status: String? {
        if down != nil { return "backend down · :backend restart" }
        if let s = silentFor { return String(format: "backend silent %.0f s", s) }
        return nil
    }
}
