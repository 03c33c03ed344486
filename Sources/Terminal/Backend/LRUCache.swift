/// A fixed-capacity least-recently-used map: O(1) lookup, insert and eviction via an intrusive
/// doubly linked list over arrays (no per-entry allocation).
struct LRUCache<Key: Hashable, Value> {
    private var index: [Key: Int] = [:]
    private var keys: [Key] = []
    private var values: [Value] = []
    private var prev: [Int] = []
    private var next: [Int] = []
    private var head = -1  // most recent
    private var tail = -1  // least recent
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    var count: Int { keys.count }

    /// The value, marked most recently used.
    mutating func get(_ key: Key) -> Value? {
        guard let i = index[key] else { return nil }
        moveToFront(i)
        return values[i]
    }

    /// Inserts `key` as most recent. When full, the least recent entry is evicted and returned,
    /// and its slot reused.
    @discardableResult
    mutating func insert(_ key: Key, _ value: Value) -> (key: Key, value: Value)? {
        if let i = index[key] {
            values[i] = value
            moveToFront(i)
            return nil
        }
        if keys.count < capacity {
            let i = keys.count
            keys.append(key); values.append(value); prev.append(-1); next.append(-1)
            index[key] = i
            linkFront(i)
            return nil
        }
        let i = tail
        let evicted = (keys[i], values[i])
        unlink(i)
        index[keys[i]] = nil
        keys[i] = key
        values[i] = value
        index[key] = i
        linkFront(i)
        return evicted
    }

    /// The least recently used key (the next to be evicted).
    var leastRecent: Key? { tail < 0 ? nil : keys[tail] }

    private mutating func moveToFront(_ i: Int) {
        guard head != i else { return }
        unlink(i)
        linkFront(i)
    }

    private mutating func unlink(_ i: Int) {
        if prev[i] >= 0 { next[prev[i]] = next[i] } else { head = next[i] }
        if next[i] >= 0 { prev[next[i]] = prev[i] } else { tail = prev[i] }
        prev[i] = -1
        next[i] = -1
    }

    private mutating func linkFront(_ i: Int) {
        next[i] = head
        prev[i] = -1
        if head >= 0 { prev[head] = i }
        head = i
        if tail < 0 { tail = i }
    }
}
