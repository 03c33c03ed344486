import CBLAS
import CPUGuard

#if canImport(Glibc)
    import Glibc
#endif

/// Puts OpenBLAS on the fastest kernels this CPU runs, and says which ones it is on.
///
/// OpenBLAS reads `OPENBLAS_CORETYPE` once, when the library is loaded, so a better core can
/// only be had by starting the process again: `selectFastestCore()` re-executes the program
/// once with the variable set, before any work is done. A user's own `OPENBLAS_CORETYPE`
/// always wins. See docs/platform.md §5 (BLAS kernels).
public enum BLASKernels {
    /// Set in the re-executed process to the core OpenBLAS had picked on its own.
    static let fallbackVariable = "UNMASK_BLAS_FALLBACK"
    /// For tests: act as if OpenBLAS had chosen this core, so the re-exec runs on any CPU.
    static let assumedChoiceVariable = "UNMASK_BLAS_ASSUME_CHOSEN"

    /// The ranked cores this OpenBLAS build has kernels for (a DYNAMIC_ARCH build exports a
    /// `gotoblas_<CORE>` table for each; a build for one CPU exports none, and then nothing is
    /// ever selected).
    public static var knownCores: [BLASCore] {
        guard let process = dlopen(nil, RTLD_NOW) else { return [] }
        return BLASCore.all.filter { dlsym(process, $0.symbol) != nil }
    }

    /// The user's own `OPENBLAS_CORETYPE`, which always wins.
    public static var userCoreType: String? { environment("OPENBLAS_CORETYPE") }

    /// The core to switch to, or nil when OpenBLAS's own choice is already the fastest this CPU
    /// runs, the user set `OPENBLAS_CORETYPE`, or the library cannot switch.
    public static func upgrade(
        chosen: String = BLAS.coreName, cpu: CPUFeatures = .current, known: [BLASCore] = knownCores,
        userSetting: String? = userCoreType
    ) -> BLASCore? {
        guard userSetting?.isEmpty ?? true, let best = BLASCore.best(for: cpu, known: known) else { return nil }
        return BLASCore.shouldReplace(chosen, with: best) ? best : nil
    }

    /// Call first thing in `main`: re-executes this program on the fastest core when OpenBLAS
    /// fell back to a slower one. Returns (continuing on the current core) when there is nothing
    /// to gain or the re-exec fails.
    public static func selectFastestCore() {
        #if os(Linux)
            let chosen = environment(assumedChoiceVariable) ?? BLAS.coreName
            guard let best = upgrade(chosen: chosen) else { return }
            setenv("OPENBLAS_CORETYPE", best.name, 1)
            setenv(fallbackVariable, chosen, 1)
            execv("/proc/self/exe", CommandLine.unsafeArgv)
            unsetenv("OPENBLAS_CORETYPE")
            unsetenv(fallbackVariable)
        #endif
    }

    /// Why the library runs the core it runs, for reports.
    public static var provenance: String {
        if let fallback = environment(fallbackVariable) {
            return "selected by unmask from cpuid; OpenBLAS alone chose \(fallback)"
        }
        if let user = environment("OPENBLAS_CORETYPE"), !user.isEmpty {
            return "OPENBLAS_CORETYPE=\(user) set by the user"
        }
        return "OpenBLAS's own choice"
    }

    /// The lines `unmask --version` and every benchmark print: CPU, the instruction set the engine
    /// was compiled for, BLAS core and threads.
    /// `threads` describes the worker threads of the run being reported.
    public static func report(threads: String) -> String {
        let config = String(cString: openblas_get_config()).split(separator: " ").prefix(2).joined(separator: " ")
        return """
            CPU: \(CPUFeatures.current.summary)
            engine code: \(String(cString: unmask_codegen()))
            BLAS: \(config), core \(BLAS.coreName) (\(provenance))
            inference weight products: \(PackedWeights.kernelName)
            threads: \(threads)
            """
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
