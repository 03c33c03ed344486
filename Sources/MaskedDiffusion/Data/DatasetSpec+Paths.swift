#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where a model's recorded training data is on this machine.
extension DatasetSpec {
    /// The same data with a relative text or MNIST path found from `folder` (a model folder)
    /// when it is not found from the current directory. A model folder records the path it was
    /// trained with, relative to where training ran (the repository for the bundled models:
    /// `Examples/data/corpus.txt`), so the path is tried against the folder and each of its
    /// ancestors, nearest first; unchanged when found nowhere (opening it then says so).
    public func resolvingPaths(from folder: String) -> DatasetSpec {
        switch self {
        case let .text(path, seqLen): .text(path: Self.resolve(path, from: folder), seqLen: seqLen)
        case let .mnist(directory): .mnist(directory: Self.resolve(directory, from: folder))
        case .task, .noisyTask, .glyphs: self
        }
    }

    private static func resolve(_ path: String, from folder: String) -> String {
        guard !path.hasPrefix("/"), !fileExists(path) else { return path }
        var base = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        while !base.isEmpty {
            let candidate = base + "/" + path
            if fileExists(candidate) { return candidate }
            guard let slash = base.lastIndex(of: "/") else { break }
            base = String(base[..<slash])
        }
        return path
    }
}
