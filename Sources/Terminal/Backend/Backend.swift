/// Where frames go. The `Renderer` computes which cells changed; a backend only writes them.
public protocol Backend: AnyObject {
    /// The current screen size (re-read every frame as a safety net for missed resizes).
    var size: Size { get }
    /// Writes changed cells (not yet visible until `flush`).
    func write(_ changes: UnsafeBufferPointer<CellChange>)
    /// Makes written cells visible.
    func flush()
    /// The physical screen can no longer be trusted (resize, colour-pair eviction): the backend
    /// repaints fully on the next flush.
    func invalidate()
    /// True once since the last call if the backend itself needs every cell written again
    /// (an LRU colour pair still on screen was recycled).
    func takeRepaintRequest() -> Bool
}
