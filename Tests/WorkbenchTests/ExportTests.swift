import Foundation
import MaskedDiffusion
import Terminal
import Testing

@testable import Workbench

/// PNG files read back by an independent decoder (Python's zlib, no imaging library), image grid
/// rasters, failures that name the path and leave existing files alone, and screen text/ANSI.
struct ExportTests {
    /// A fresh empty folder under the system temp folder.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "unmask-export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Decodes an 8-bit gray or RGB PNG with only `zlib` and `struct` (all five row filters), and
    /// prints "width height colour-type v0 v1 …".
    static let decoder = """
        import sys, zlib, struct
        d = open(sys.argv[1], 'rb').read()
        assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'not a PNG'
        i, idat = 8, b''
        while i < len(d):
            n, = struct.unpack('>I', d[i:i+4]); kind = d[i+4:i+8]; body = d[i+8:i+8+n]; i += 12 + n
            if kind == b'IHDR': w, h, depth, ct, _, _, interlace = struct.unpack('>IIBBBBB', body)
            elif kind == b'IDAT': idat += body
        assert depth == 8 and interlace == 0
        bpp = {0: 1, 2: 3}[ct]; raw = zlib.decompress(idat); s = w * bpp; out = []; prev = [0] * s; p = 0
        for y in range(h):
            f = raw[p]; line = list(raw[p+1:p+1+s]); p += 1 + s
            for x in range(s):
                a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            out += line; prev = line
        print(w, h, ct, *out)
        """

    /// The raster in a PNG file as decoded by `decoder`.
    static func readPNG(_ path: String) throws -> Raster {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", decoder, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 could not decode \(path)")
        let numbers = String(decoding: output, as: UTF8.self).split(whereSeparator: \.isWhitespace).map { Int($0)! }
        return Raster(
            width: numbers[0], height: numbers[1], format: numbers[2] == 0 ? .gray : .rgb,
            pixels: numbers.dropFirst(3).map { UInt8($0) })
    }

    // MARK: PNG

    @Test func grayAndRGBImagesReadBackExactly() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let gray = Raster(width: 5, height: 3, format: .gray, pixels: (0..<15).map { UInt8($0 * 17) })
        try PNGWriter.write(gray, to: dir + "/gray.png")
        #expect(try Self.readPNG(dir + "/gray.png") == gray)

        let rgb = Raster(
            width: 3, height: 2, format: .rgb,
            pixels: [255, 0, 0, 0, 255, 0, 0, 0, 255, 1, 2, 3, 250, 128, 7, 0, 0, 0])
        try PNGWriter.write(rgb, to: dir + "/rgb.png")
        #expect(try Self.readPNG(dir + "/rgb.png") == rgb)
        // Only the two PNGs are left: no temporary files.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["gray.png", "rgb.png"])
    }

    @Test func anUnwritablePathIsAnErrorNamingIt() throws {
        let path = "\(missingFolder)/grid.png"
        let raster = Raster(width: 1, height: 1, format: .gray, pixels: [9])
        let error = try #require(throws: ExportError.self) { try PNGWriter.write(raster, to: path) }
        #expect(error.path == path && error.description.contains(path))
        #expect(error.reason.contains("No such file or directory"))
    }

    @Test func aFailedWriteLeavesTheExistingFileAlone() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/grid.png"
        let original = Data("an earlier export".utf8)
        try original.write(to: URL(fileURLWithPath: path))

        // Bad pixels: refused before anything is written.
        let short = Raster(width: 4, height: 4, format: .gray, pixels: [1, 2, 3])
        let bad = try #require(throws: ExportError.self) { try PNGWriter.write(short, to: path) }
        #expect(bad.path == path && bad.reason.contains("3 bytes for a 4×4 image"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)

        // The temporary file cannot be created (its name, longer than the file's, is too long
        // for the file system): the file is still untouched.
        let long = dir + "/" + String(repeating: "g", count: 240) + ".png"
        try original.write(to: URL(fileURLWithPath: long))
        let blocked = try #require(throws: ExportError.self) {
            try PNGWriter.write(Raster(width: 1, height: 1, format: .gray, pixels: [0]), to: long)
        }
        #expect(blocked.path == long && blocked.reason.contains("too long"), "\(blocked)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: long)) == original)
        try PNGWriter.write(Raster(width: 1, height: 1, format: .gray, pixels: [0]), to: path)
        #expect(try Self.readPNG(path).pixels == [0])
    }

    // MARK: image grids

    /// A 4×2-pixel tile of two 2×2 patches.
    static func tile(_ values: [Float], masked: [Bool], label: String) -> ImageTile {
        ImageTile(
            width: 4, height: 2, pixels: values, patchSize: 2,
            patches: masked.map { $0 ? .masked : .revealedEarlier }, label: label)
    }

    @Test func gridRasterHasGapsScaleAndACheckerForMaskedPatches() throws {
        let a = Self.tile(
            [
                0, 1, 0, 0,
                0.5, 0.25, 0, 0
            ], masked: [false, true], label: "a")
        let b = Self.tile(
            [
                1, 1, 1, 1,
                0, 0, 0, 0
            ], masked: [false, false], label: "b")
        let c = Self.tile([Float](repeating: 0, count: 8), masked: [true, true], label: "c")
        let raster = ImageGridExport.render([a, b, c], scale: 2)
        // ⌈√3⌉ = 2 columns, 2 rows of 8×4 slots with 1-px gaps: 17×9.
        #expect((raster.width, raster.height, raster.format) == (17, 9, .gray))
        func px(_ x: Int, _ y: Int) -> UInt8 { raster.pixels[y * raster.width + x] }
        let (dark, light, gap) = (ImageGridExport.checkerDark, ImageGridExport.checkerLight, ImageGridExport.gap)
        // Tile a: pixel (0, 1) = 1.0 is the 2×2 block at x 2…3, y 0…1; (1, 0) = 0.5 → 128; (1, 1) = 0.25 → 64.
        #expect([px(2, 0), px(3, 0), px(2, 1), px(3, 1)] == [255, 255, 255, 255])
        #expect(px(0, 2) == 128 && px(3, 3) == 64 && px(0, 0) == 0)
        // Its right patch is masked: a checker at the image's pixel pitch (2 px here).
        #expect([px(4, 0), px(6, 0), px(4, 2), px(6, 2), px(5, 1)] == [dark, light, light, dark, dark])
        // Gaps: column 8, row 4, and the empty fourth slot.
        #expect((0..<9).allSatisfy { px(8, $0) == gap } && (0..<17).allSatisfy { px($0, 4) == gap })
        #expect(px(12, 7) == gap)
        // Tile b to the right of the gap, tile c below.
        #expect(px(9, 0) == 255 && px(9, 3) == 0 && px(0, 5) == dark && px(2, 5) == light)

        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ImageGridExport.write([a, b, c], to: dir + "/grid.png", scale: 2)
        #expect(try Self.readPNG(dir + "/grid.png") == raster)
        #expect(throws: ExportError(path: dir + "/none.png", reason: "no images to export")) {
            try ImageGridExport.write([], to: dir + "/none.png")
        }
    }

    // MARK: screens

    @Test func textExportTrimsTrailingSpaces() throws {
        var buffer = Buffer(width: 8, height: 3)
        buffer.setString(0, 0, "hi  there")
        buffer.setString(2, 1, "x", style: Style(fg: .red))
        #expect(ScreenExport.text(buffer) == "hi  ther\n  x\n\n")
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ScreenExport.write(buffer, as: .text, to: dir + "/screen.txt")
        #expect(try String(contentsOfFile: dir + "/screen.txt", encoding: .utf8) == "hi  ther\n  x\n\n")
    }

    @Test func ansiExportEmitsOneSGRPerStyleChangeAndResetsAtLineEnds() {
        var buffer = Buffer(width: 8, height: 3)
        buffer.setString(0, 0, "ab", style: Style(fg: .red, add: .bold))
        buffer.set(2, 0, "c", style: Style(fg: .rgb(1, 2, 3), bg: .indexed(200)))
        buffer.set(3, 0, "d")
        buffer.setString(0, 1, "é", style: Style(fg: .brightRed, bg: .blue, add: [.dim, .italic, .underline]))
        buffer.set(2, 1, " ", style: Style(add: .reverse))  // a reversed space is visible: kept
        buffer.set(0, 2, "全", style: Style(bg: .brightWhite))
        let esc = "\u{1B}["
        #expect(
            ScreenExport.ansi(buffer)
                == [
                    "\(esc)0;1;31mab\(esc)0;38;2;1;2;3;48;5;200mc\(esc)0md\n",
                    "\(esc)0;2;3;4;91;44mé\(esc)0m \(esc)0;7m \(esc)0m\n",
                    "\(esc)0;107m全\(esc)0m\n"
                ].joined())
    }
}

/// `E` and `:export` in the running app: every kind, next to each other, never overwritten.
@Suite(.serialized)
struct WorkbenchExportTests {
    @Test func exportWritesTrajectoryScreenAndPNG() throws {
        var app = WorkbenchAppTests.app(WorkbenchAppTests.glyphs)
        defer { app.shutdown() }
        WorkbenchAppTests.settle(&app, until: WorkbenchAppTests.finished)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unmask-export-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        app.exportDirectory = folder
        _ = app.perform(.export)
        #expect(app.state.noticeIsError == false, "\(app.state.notice ?? "")")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files.map { ($0 as NSString).pathExtension }.sorted() == ["ans", "jsonl", "png", "txt"])
        let png = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + files.first { $0.hasSuffix(".png") }!))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let trajectory = try TrajectoryFile.read(from: folder + "/" + files.first { $0.hasSuffix(".jsonl") }!)
        #expect(trajectory.steps == app.state.branch.steps)
        let text = try String(contentsOfFile: folder + "/" + files.first { $0.hasSuffix(".txt") }!, encoding: .utf8)
        #expect(text.contains("Unmask · glyphs"))
        _ = app.execute("export png /no/such/folder/x.png")
        #expect(app.state.noticeIsError && app.state.notice!.contains("/no/such/folder/x.png"))
        // A second export in the same second keeps the first (it once overwrote its files), and
        // `all` to a path writes one file per kind from that stem (once all into one file).
        _ = app.perform(.export)
        _ = app.perform(.export)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count >= 12)
        _ = app.execute("export all \(folder)/mine")
        let mine = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("mine") }.sorted()
        #expect(mine == ["mine.ans", "mine.jsonl", "mine.png", "mine.txt"], "\(app.state.notice ?? "")")
        // The kind may be left out, as the command's help shows it ([KIND] [PATH]).
        _ = app.execute("export \(folder)/also")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("also.") }.count == 4)
    }
}
