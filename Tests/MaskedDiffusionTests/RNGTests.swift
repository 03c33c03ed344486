import Testing

@testable import MaskedDiffusion

struct RNGTests {
    @Test func sameSeedStreamAndPathReproduce() {
        var a = RNG(seed: 42, stream: .masks, path: [3, 1, 0, 2])
        var b = RNG(seed: 42, stream: .masks, path: [3, 1, 0, 2])
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
    }

    @Test func streamsPathsSeedsAndChildrenAreIndependent() {
        func first(_ r: RNG) -> [UInt64] { var r = r; return (0..<8).map { _ in r.next() } }
        let base = RNG(seed: 1, stream: .masks)
        let others = [
            RNG(seed: 1, stream: .gumbel), RNG(seed: 2, stream: .masks),
            RNG(seed: 1, stream: .masks, path: [0]), base.child(0), base.child(1)
        ]
        let streams = [first(base)] + others.map(first)
        #expect(Set(streams.flatMap { $0 }).count == streams.count * 8)
    }

    @Test func uniformsHaveTheRightMoments() {
        var r = RNG(seed: 9, stream: .data)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0, normalSum = 0.0, normalSq = 0.0
        for _ in 0..<n {
            let u = r.uniformDouble()
            #expect(u >= 0 && u < 1)
            sum += u
            sumSq += u * u
            let z = r.normal()
            normalSum += z
            normalSq += z * z
        }
        #expect(abs(sum / Double(n) - 0.5) < 0.005)
        #expect(abs(sumSq / Double(n) - 1.0 / 3) < 0.005)
        #expect(abs(normalSum / Double(n)) < 0.01)
        #expect(abs(normalSq / Double(n) - 1) < 0.02)
        #expect(
            (0..<1000).allSatisfy { _ in
                let f = r.uniformFloat(); return f >= 0 && f < 1
            })
    }
}
