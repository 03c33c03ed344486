import Foundation
import Terminal
import TerminalGallery

/// Frame cost of the terminal layer on the gallery dashboard (braille chart with three smoothed
/// series, half-block image, sparkline, gauges, text, tabs, hint and status bars).
///
/// What is measured: `Renderer.draw` = render (widgets into a blank buffer) + diff (against the
/// previous frame) + flush (`mvadd_wch` of each changed cell, then `doupdate`, which encodes escape
/// sequences and writes them) into a real ncurses screen created with `newterm` on a pseudo-terminal
/// this process opens itself, so no tmux or terminal emulator time is included. A thread drains the
/// pty. "Full" frames forget the previous frame and `clearok` the screen first, so every cell is
/// written and repainted; "animated" frames advance the dashboard one tick (chart, image, gauges and
/// status change). Release build, median of the frames after a warm-up.
enum TerminalBench {
    struct Figures {
        var full: FrameStats
        var fullCells: Int
        var animated: FrameStats
        var animatedCells: Int
        var bytesPerFullFrame: Int
    }

    static func run() {
        emit("")
        emit("terminal: render + diff + flush into ncurses on a private pty (gallery dashboard, median ms)")
        emit(
            pad("size", 9) + pad("terminfo", 16) + pad("full frame", 12) + pad("render", 8) + pad("diff", 8)
                + pad("flush", 8) + pad("cells", 7) + pad("bytes", 8) + pad("animated", 10) + "cells")
        for (w, h) in [(120, 40), (240, 70)] {
            for (term, depth) in [("xterm-256color", ColorDepth.palette256), ("xterm-direct", .truecolor)] {
                do {
                    let f = try measure(width: w, height: h, term: term, depth: depth)
                    emit(
                        pad("\(w)×\(h)", 9) + pad(term, 16) + pad(ms(f.full.totalNanos), 12) + pad(ms(f.full.renderNanos), 8)
                            + pad(ms(f.full.diffNanos), 8) + pad(ms(f.full.flushNanos), 8) + pad("\(f.fullCells)", 7)
                            + pad("\(f.bytesPerFullFrame)", 8) + pad(ms(f.animated.totalNanos), 10) + "\(f.animatedCells)")
                } catch {
                    emit(pad("\(w)×\(h)", 9) + pad(term, 16) + "skipped: \(error)")
                }
            }
        }
        emit("target: ≤ 4 ms per full frame at 120×40")
        emit("")
        emit("terminal: cells written when one point of a 200-point braille chart changes (TestBackend)")
        for (w, h) in [(120, 40), (240, 70)] {
            let (full, one) = onePointChange(width: w, height: h)
            emit(pad("\(w)×\(h)", 9) + "full frame \(full) cells, one point changed \(one) cells")
        }
    }

    static func ms(_ nanos: UInt64) -> String { fmt(Double(nanos) / 1e6, 3) }

    static func medianStats(_ frames: [FrameStats]) -> FrameStats {
        let sorted = frames.sorted { $0.totalNanos < $1.totalNanos }
        return sorted[sorted.count / 2]
    }

    static func measure(width: Int, height: Int, term: String, depth: ColorDepth, frames: Int = 60) throws -> Figures {
        let pty = try PseudoTerminal(width: width, height: height)
        defer { pty.close() }
        let backend = try NcursesBackend(terminalName: term, depth: depth, output: pty.slave, input: pty.slave, mouse: false)
        defer { backend.close() }
        let renderer = Renderer(backend: backend)
        var app = GalleryApp(theme: .default, library: nil, depth: depth)
        _ = app.handle(.resize(backend.size))
        for _ in 0..<100 { _ = app.handle(.tick) }  // a full chart window of data

        var full: [FrameStats] = []
        var bytes = 0
        for i in 0..<frames + 5 {
            renderer.invalidate()
            let before = pty.bytesReceived
            let s = renderer.draw { app.renderFrame(into: &$0) }
            if i >= 5 { full.append(s) }
            usleep(2000)  // let the drain thread catch up so byte counts belong to this frame
            bytes = pty.bytesReceived - before
        }
        var animated: [FrameStats] = []
        for i in 0..<frames + 5 {
            _ = app.handle(.tick)
            let s = renderer.draw { app.renderFrame(into: &$0) }
            if i >= 5 { animated.append(s) }
        }
        let f = medianStats(full), a = medianStats(animated)
        return Figures(full: f, fullCells: f.cellsWritten, animated: a, animatedCells: a.cellsWritten, bytesPerFullFrame: bytes)
    }

    /// (cells of a full frame, cells written after changing one chart point).
    static func onePointChange(width: Int, height: Int) -> (Int, Int) {
        let backend = TestBackend(width: width, height: height)
        let renderer = Renderer(backend: backend)
        var values = (0..<200).map { 5 + 3 * Double(($0 * 37) % 11) / 10 }
        func frame() -> Int {
            renderer.draw { buf in
                LineChart(
                    series: [ChartSeries(name: "loss", values: values, style: Style(fg: .green))],
                    yBounds: (0, 10), legend: .hidden
                ).render(in: buf.area, buffer: &buf)
            }.cellsWritten
        }
        let full = frame()
        values[100] = 6.5
        return (full, frame())
    }
}
