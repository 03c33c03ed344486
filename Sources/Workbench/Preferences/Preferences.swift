import Foundation
import MaskedDiffusion

/// What the workbench remembers between sessions: the theme and the last model opened.
/// Stored as `preferences.json` in `$XDG_CONFIG_HOME/unmask` (`~/.config/unmask` when unset),
/// `{"theme": "dracula", "last_model": "Examples/models/glyphs"}`; both keys optional,
/// unknown keys ignored. Command-line options win over it.
public struct Preferences: Codable, Equatable, Sendable {
    public var theme: String?
    /// The model folder's path as it was opened.
    public var lastModel: String?

    public init(theme: String? = nil, lastModel: String? = nil) {
        self.theme = theme
        self.lastModel = lastModel
    }

    enum CodingKeys: String, CodingKey { case theme, lastModel = "last_model" }
}

/// A preferences file that cannot be read or written, naming the file and, for bad contents,
/// the field.
public struct PreferencesError: Error, CustomStringConvertible, Equatable {
    var path: String
    var field: String?
    var reason: String

    public var description: String { "\(path)" + (field.map { ", field \($0)" } ?? "") + ": \(reason)" }
}

/// The preferences file: found from the environment, read at start (a missing file is no
/// preference at all), written atomically on each change so a crash never leaves half a file.
public struct PreferencesFile: Sendable {
    let path: String

    init(path: String) { self.path = path }

    /// `$XDG_CONFIG_HOME/unmask/preferences.json`, or `$HOME/.config/unmask/preferences.json`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        path = base + "/unmask/preferences.json"
    }

    public func read() throws(PreferencesError) -> Preferences {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return Preferences() }
        guard !isFolder.boolValue else { throw PreferencesError(path: path, reason: "is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PreferencesError(path: path, reason: "cannot be read")
        }
        do {
            return try JSONDecoder().decode(Preferences.self, from: data)
        } catch let DecodingError.typeMismatch(_, context) where !context.codingPath.isEmpty {
            throw PreferencesError(path: path, field: Self.field(context), reason: "expected a string")
        } catch let DecodingError.valueNotFound(_, context) {
            throw PreferencesError(path: path, field: Self.field(context), reason: "expected a string")
        } catch {
            throw PreferencesError(path: path, reason: "not a JSON object (\(error.localizedDescription))")
        }
    }

    func write(_ preferences: Preferences) throws(PreferencesError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PreferencesError(path: path, reason: "cannot create \(directory): \(error.localizedDescription)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes = Array((try? encoder.encode(preferences)) ?? Data("{}".utf8)) + [10]
        try AtomicFile.write(to: path, failure: { PreferencesError(path: path, reason: $0) }) {
            out throws(PreferencesError) in try out.write(bytes)
        }
    }

    private static func field(_ context: DecodingError.Context) -> String {
        CodingPathText.dotted(context.codingPath)
    }
}
