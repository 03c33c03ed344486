import Testing
@testable import ESPO

@Test func espoModuleLoads() {
    #expect(String(describing: ESPOLibrary.self) == "ESPOLibrary")
}
