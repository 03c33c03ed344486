import Foundation

/// The model folders the picker offers: the bundled demos (`Examples/models/*`) found from the
/// working directory or next to the executable's checkout, plus any folder named on the command
/// line.
public struct ModelCatalog: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var path: String
    }

    public var entries: [Entry]

    /// Demo folders in `Examples/models` under the working directory, else under the folder of
    /// the running executable (/proc/self/exe: argv[0] is only "unmask" when found on PATH) or up
    /// to four folders above it (a checkout's `.build/<triple>/release/unmask`), else in the
    /// `share/unmask` of an installed PREFIX/bin/unmask; each holding a `config.json`.
    public static func bundled(
        executable: String = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? ""
    ) -> ModelCatalog {
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        var roots = [FileManager.default.currentDirectoryPath]
        for _ in 0...4 {
            roots.append(folder.path)
            folder = folder.deletingLastPathComponent()
        }
        roots.append(
            URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("share/unmask").path)
        for root in roots {
            let folder = root + "/Examples/models"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            let entries = names.sorted().filter { FileManager.default.fileExists(atPath: "\(folder)/\($0)/config.json") }
                .map { Entry(name: $0, path: "\(folder)/\($0)") }
            if !entries.isEmpty { return ModelCatalog(entries: entries) }
        }
        return ModelCatalog(entries: [])
    }

    /// `path` first (named by its folder), then the others.
    public func putting(path: String) -> ModelCatalog {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let name = url.lastPathComponent == "latest" ? url.deletingLastPathComponent().lastPathComponent : url.lastPathComponent
        let rest = entries.filter { URL(fileURLWithPath: $0.path).standardizedFileURL != url }
        return ModelCatalog(entries: [Entry(name: name, path: path)] + rest)
    }
}
