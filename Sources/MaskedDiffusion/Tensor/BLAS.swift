import CBLAS

/// Row-major single-precision matrix products on OpenBLAS.
///
/// The engine parallelises across its own worker threads, each calling single-threaded
/// OpenBLAS: measured here, two own threads held 190–200 GFLOP/s, while OpenBLAS's own two
/// threads were unreliable on the skinny shapes a small transformer has (docs/measurements.md §2).
public enum BLAS {
    /// Sets OpenBLAS's internal thread count for the whole process (call once, at start-up).
    public static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }
    public static var threads: Int { Int(openblas_get_num_threads()) }
    /// The kernel family OpenBLAS picked for this CPU (its rounding differs between kernels).
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// C = alpha · op(A) · op(B) + beta · C, with op(A): [m, k], op(B): [k, n], C: [m, n].
    /// `lda`, `ldb`, `ldc` are row strides of the matrices as stored (so a head's columns inside a
    /// [N, 3d] q/k/v matrix are addressed in place, without copies).
    @inline(__always)
    public static func gemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb),
            beta, c, blasint(ldc))
    }

    /// Y = X · Wᵀ (+ Y when `accumulate`): the `nn.Linear` product with W stored [out, in].
    /// x: [rows, in], w: [out, in], y: [rows, out].
    @inline(__always)
    public static func linear(
        _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
        rows: Int, in inFeatures: Int, out outFeatures: Int, accumulate: Bool = false
    ) {
        gemm(
            transB: true, m: rows, n: outFeatures, k: inFeatures, a: x, lda: inFeatures, b: w, ldb: inFeatures,
            beta: accumulate ? 1 : 0, c: y, ldc: outFeatures)
    }

    /// The two backward products of `linear`: dX (+)= dY · W and dW += dYᵀ · X.
    /// dy: [rows, out], x: [rows, in], w: [out, in]; dx: [rows, in]; dw: [out, in].
    @inline(__always)
    public static func linearBackward(
        dy: UnsafePointer<Float>, x: UnsafePointer<Float>, w: UnsafePointer<Float>,
        dx: UnsafeMutablePointer<Float>?, dw: UnsafeMutablePointer<Float>,
        rows: Int, in inFeatures: Int, out outFeatures: Int, accumulateDX: Bool = false
    ) {
        if let dx {
            gemm(
                m: rows, n: inFeatures, k: outFeatures, a: dy, lda: outFeatures, b: w, ldb: inFeatures,
                beta: accumulateDX ? 1 : 0, c: dx, ldc: inFeatures)
        }
        gemm(
            transA: true, m: outFeatures, n: inFeatures, k: rows, a: dy, lda: outFeatures, b: x, ldb: inFeatures,
            beta: 1, c: dw, ldc: inFeatures)
    }
}
