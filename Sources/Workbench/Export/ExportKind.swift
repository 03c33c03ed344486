/// What `E` and `:export` write: the trajectory (JSONL), the screen as text or with ANSI
/// colours, and an image model's samples as PNG; `all` is every kind the model has.
enum ExportKind: String, CaseIterable {
    case trajectory, screen, ansi, png

    /// The kinds `all` writes for a model (PNG only for image models).
    static func all(image: Bool) -> [ExportKind] { image ? allCases : allCases.filter { $0 != .png } }

    /// The file name's ending under a default name (or a stem given for `all`).
    var suffix: String {
        switch self {
        case .trajectory: ".jsonl"
        case .screen: ".txt"
        case .ansi: ".ans"
        case .png: ".png"
        }
    }

    /// Whether `word` names a kind or `all` (else `:export WORD` is a path).
    static func isKind(_ word: String) -> Bool { word == "all" || ExportKind(rawValue: word) != nil }
}
