/// The train/test rule shared by all tasks.
///
/// The test set is the first `size` distinct items (by `TaskItem.splitKey`) drawn from
/// `RNG(seed: testSeed, stream: .evaluation, path: [task tag])`. Training item `n` for a run
/// seed is drawn from `RNG(seed:, stream: .data, path: [task tag, n])`, redrawing from the
/// same generator while its key is a test key. So the sets never overlap, and the n-th training
/// item is a pure function of (seed, n): training resumes exactly from any step.
public struct HeldOutSplit: Sendable {
    public let testItems: [TaskItem]
    let testKeys: Set<String>
    let tag: UInt64

    /// `tag` separates tasks (a stable hash of the task name), `draw` makes one random item.
    init(size: Int, testSeed: UInt64, tag: UInt64, draw: (inout RNG) -> TaskItem) {
        var rng = RNG(seed: testSeed, stream: .evaluation, path: [tag])
        var items: [TaskItem] = []
        var keys: Set<String> = []
        while items.count < size {
            let item = draw(&rng)
            if keys.insert(item.splitKey).inserted { items.append(item) }
        }
        testItems = items
        testKeys = keys
        self.tag = tag
    }

    func trainingItem(_ n: Int, seed: UInt64, draw: (inout RNG) -> TaskItem) -> TaskItem {
        var rng = RNG(seed: seed, stream: .data, path: [tag, UInt64(n)])
        while true {
            let item = draw(&rng)
            if !testKeys.contains(item.splitKey) { return item }
        }
    }

    func isTestItem(_ item: TaskItem) -> Bool { testKeys.contains(item.splitKey) }

    /// FNV-1a of the task name: stable across processes (unlike `Hasher`).
    static func tag(_ name: String) -> UInt64 {
        name.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
