/// Maps (foreground, background) ncurses colour numbers to colour-pair numbers, allocating pairs
/// lazily with `init_extended_pair` and recycling the least recently used one when all are taken.
///
/// Recycling a pair that is still on screen would recolour those cells, so an eviction is
/// reported and the renderer repaints the whole screen on the next frame.
struct ColorPairCache {
    private var cache: LRUCache<UInt64, Int32>
    private var lastKey: UInt64 = .max
    private var lastPair: Int32 = 0
    private(set) var evictions = 0
    /// Called to define a pair: (pair, fg, bg).
    private let define: (Int32, Int32, Int32) -> Void

    /// `pairs` is the terminal's `COLOR_PAIRS`; pair 0 is the fixed default pair.
    init(pairs: Int, define: @escaping (Int32, Int32, Int32) -> Void) {
        cache = LRUCache(capacity: max(1, pairs - 1))
        self.define = define
    }

    mutating func pair(fg: Int32, bg: Int32) -> Int32 {
        if fg == -1, bg == -1 { return 0 }
        let key = UInt64(UInt32(bitPattern: fg)) << 32 | UInt64(UInt32(bitPattern: bg))
        if key == lastKey { return lastPair }
        let pair: Int32
        if let p = cache.get(key) {
            pair = p
        } else if cache.count < cache.capacity {
            pair = Int32(cache.count + 1)
            cache.insert(key, pair)
            define(pair, fg, bg)
        } else {
            pair = cache.insert(key, 0)!.value  // take over the least recently used pair's number
            cache.insert(key, pair)
            evictions += 1
            define(pair, fg, bg)
        }
        lastKey = key
        lastPair = pair
        return pair
    }
}
