import Foundation

/// Finds and loads themes by name or path.
///
/// `--theme NAME` looks for `NAME.toml` in, in order:
/// 1. each folder in `$UNMASK_THEMES` (colon-separated),
/// 2. `$XDG_CONFIG_HOME/unmask/themes` (or `~/.config/unmask/themes`),
/// 3. a `Themes` folder next to the executable or in one of its parent folders up to four levels
///    up (so `.build/debug/unmask` finds the package's `Themes/`).
/// `--theme PATH` (anything with a `/` or ending in `.toml`) loads that file. `default` falls
/// back to the compiled-in theme when no file is found.
public struct ThemeLibrary: Sendable {
    public var directories: [String]

    public init(directories: [String]) { self.directories = directories }

    /// The search path described above.
    public static func standard(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String? = nil
    ) -> ThemeLibrary {
        var dirs: [String] = []
        if let list = environment["UNMASK_THEMES"] {
            dirs += list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            dirs.append(xdg + "/unmask/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            dirs.append(home + "/.config/unmask/themes")
        }
        let exe =
            executablePath ?? (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        search: for _ in 0..<5 {
            // A checkout's `Themes/`, or an installed `PREFIX/share/unmask/Themes`.
            for relative in ["Themes", "share/unmask/Themes"] {
                let candidate = dir.appendingPathComponent(relative).path
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), isDir.boolValue {
                    dirs.append(candidate)
                    break search
                }
            }
            dir = dir.deletingLastPathComponent()
        }
        return ThemeLibrary(directories: dirs)
    }

    /// Theme names found on the search path (first occurrence wins), `default` always first.
    public func availableNames() -> [String] {
        var names = ["default"]
        for dir in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for f in files.sorted() where f.hasSuffix(".toml") {
                let name = String(f.dropLast(5))
                if !names.contains(name) { names.append(name) }
            }
        }
        return names
    }

    /// The file `name` resolves to, if any.
    public func path(for name: String) -> String? {
        if name.contains("/") || name.hasSuffix(".toml") { return name }
        for dir in directories {
            let p = dir + "/" + name + ".toml"
            if FileManager.default.isReadableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Loads a theme by name or path. Errors name the file and, for content errors, the line and key.
    public func load(_ nameOrPath: String) -> Result<Theme, ThemeError> {
        guard let path = path(for: nameOrPath) else {
            if nameOrPath == "default" { return .success(.default) }
            let looked = directories.isEmpty ? "no theme folders found" : "looked in " + directories.joined(separator: ", ")
            return .failure(
                ThemeError(
                    file: nameOrPath, line: 0, key: nil,
                    problem: "no such theme (\(looked); available: \(availableNames().joined(separator: ", ")))"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let why = FileManager.default.fileExists(atPath: path) ? "permission denied, or not a file" : "no such file"
            return .failure(ThemeError(file: path, line: 0, key: nil, problem: "cannot read the file: \(why)"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ThemeError(file: path, line: 0, key: nil, problem: "not UTF-8 text"))
        }
        do {
            return .success(try ThemeParser.parse(text, file: path))
        } catch {
            return .failure(error)
        }
    }

    /// The theme after `index` in `names` that loads (a run-time theme switch): its index and the
    /// theme, or — when none loads — the last name tried and its error. Wraps around.
    public func loadNext(after index: Int, in names: [String]) -> (index: Int, result: Result<Theme, ThemeError>) {
        var i = index
        var failure = ThemeError(file: "", line: 0, key: nil, problem: "no themes to switch to")
        for _ in 0..<names.count {
            i = (i + 1) % names.count
            switch load(names[i]) {
            case let .success(theme): return (i, .success(theme))
            case let .failure(error): failure = error
            }
        }
        return (i, .failure(failure))
    }

    /// `load`, falling back to the default theme: a bad theme is a warning, never fatal.
    public func loadOrDefault(_ nameOrPath: String) -> (theme: Theme, warning: ThemeError?) {
        switch load(nameOrPath) {
        case let .success(t): return (t, nil)
        case let .failure(e): return (.default, e)
        }
    }
}
