import Foundation
import Terminal
import Testing

@testable import Workbench

/// Every tab at the three window sizes people use (80×24, 120×40, 200×60), pinned as snapshots:
/// a layout change shows up as a reviewed diff, and no tab may lose its title bar, its status
/// line or its panels' frames at the smallest size.
@Suite(.serialized)
struct LayoutSnapshotTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    @Test(arguments: WorkbenchTab.allCases)
    func everyTabAtEverySize(tab: WorkbenchTab) {
        var app = WorkbenchAppTests.app(tab == .image ? WorkbenchAppTests.glyphs : WorkbenchAppTests.countdown)
        defer { app.shutdown() }
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        _ = app.handle(.key(.char(Unicode.Scalar(UInt8(ascii: "1") + UInt8(tab.rawValue)))))
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        #expect(app.state.tab == tab)
        for size in Self.sizes {
            _ = app.handle(.resize(size))
            var pinned = app
            for i in pinned.state.branches.indices { pinned.state.branches[i].seconds = 0.25 }
            pinned.state.compare?.seconds = 0.5
            // Paths as a clone shows them, not this machine's absolute ones.
            pinned.state.catalog = ModelCatalog(entries: [
                .init(name: "countdown", path: "Examples/models/countdown"), .init(name: "glyphs", path: "Examples/models/glyphs")
            ])
            let root = WorkbenchAppTests.runRoot
            pinned.state.training.directory = pinned.state.training.directory.replacingOccurrences(of: root, with: "runs")
            pinned.state.training.status = pinned.state.training.status.replacingOccurrences(of: root, with: "runs")
            let screen = draw(width: size.width, height: size.height) { pinned.renderFrame(into: &$0) }
            let lines = screen.lines
            #expect(lines.first?.contains("Unmask ·") == true, "\(tab) at \(size): no title bar")
            #expect(lines.contains { $0.contains("┌─") || $0.contains("╭─") }, "\(tab) at \(size): no panel")
            expectSnapshot(screen, named: "Layout-\(tab)-\(size.width)x\(size.height)")
        }
    }
}
