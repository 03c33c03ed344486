import Foundation

/// The fuzzing entry points. Built with `-sanitize=fuzzer -DFUZZING` (`make fuzz`), libFuzzer
/// drives `LLVMFuzzerTestOneInput` for the target named by `UNMASK_FUZZ_TARGET`. Built plainly (as
/// `make test` builds it), `main` replays the committed corpus plus deterministic mutations of
/// every seed, so each parser meets malformed input in every test run.
enum FuzzSession {
    /// A private folder the inputs are written into (tmpfs when the machine has one).
    static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = base + "/unmask-fuzz-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()
}

#if FUZZING
    nonisolated(unsafe) private var selected: FuzzTarget?

    @_cdecl("LLVMFuzzerInitialize")
    public func fuzzerInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>)
        -> CInt
    {
        let name = ProcessInfo.processInfo.environment["UNMASK_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget.named(name) else {
            FileHandle.standardError.write(
                Data("UNMASK_FUZZ_TARGET must be one of: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        selected = target
        return 0
    }

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
        selected!.feed(UnsafeRawBufferPointer(start: data, count: size), in: FuzzSession.folder)
        return 0
    }
#else
    @main
    struct FuzzReplay {
        /// `unmask-fuzz CORPUS [--mutations N]`: every seed of CORPUS/<target>/ and N mutations of each.
        static func main() {
            var args = Array(CommandLine.arguments.dropFirst())
            var mutations = 100
            if let i = args.firstIndex(of: "--mutations"), i + 1 < args.count, let n = Int(args[i + 1]) {
                mutations = n
                args.removeSubrange(i...i + 1)
            }
            guard let corpus = args.first else {
                FileHandle.standardError.write(Data("usage: unmask-fuzz CORPUS_DIR [--mutations N]\n".utf8))
                exit(2)
            }
            var total = 0
            for target in FuzzTarget.all {
                let dir = corpus + "/" + target.name
                let seeds = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
                guard !seeds.isEmpty else {
                    FileHandle.standardError.write(Data("no seeds in \(dir)\n".utf8))
                    exit(1)
                }
                var runs = 0
                for seed in seeds {
                    guard let bytes = FileManager.default.contents(atPath: dir + "/" + seed) else { continue }
                    var mutator = Mutator(seed: [UInt8](seed.utf8))
                    for round in 0...mutations {
                        let input = round == 0 ? [UInt8](bytes) : mutator.mutate([UInt8](bytes))
                        input.withUnsafeBytes { target.feed($0, in: FuzzSession.folder) }
                        runs += 1
                    }
                }
                print("\(target.name): \(seeds.count) seeds, \(runs) inputs, 0 crashes")
                total += runs
            }
            try? FileManager.default.removeItem(atPath: FuzzSession.folder)
            print("\(total) inputs in all")
        }
    }
#endif
