import Testing

@testable import MaskedDiffusion

@Test func versionIsSemantic() {
    #expect(unmaskVersion.split(separator: ".").count == 3)
}
