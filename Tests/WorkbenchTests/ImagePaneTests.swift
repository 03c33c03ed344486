import Foundation
import MaskedDiffusion
import Terminal
import Testing

@testable import Workbench

/// Image tiles built from token rows, and the grid pane drawing them (text snapshots plus the
/// styles of masked, newly revealed and earlier cells, in colour and on the monochrome theme).
struct ImagePaneTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// 4×4 images of 2×2 patches (a 2×2 grid), three codes, classes "a" and "b": V = 5, mask = 5.
    static func tinyTokenizer() throws -> ImagePatchTokenizer {
        let codebook = PatchCodebook(patchSize: 2, centroids: [0, 0, 0, 0, 1, 1, 1, 1, 0.25, 0.5, 0.75, 1])
        return try ImagePatchTokenizer(imageWidth: 4, imageHeight: 4, codebook: codebook, classNames: ["a", "b"])
    }

    static func glyphsTokenizer() throws -> ImagePatchTokenizer {
        try ImagePatchTokenizer.load(from: root.appendingPathComponent("Examples/models/glyphs/tokenizer.json").path)
    }

    static func monochrome() throws -> Theme {
        let file = root.appendingPathComponent("Themes/monochrome.toml").path
        return try ThemeParser.parse(String(contentsOfFile: file, encoding: .utf8), file: file)
    }

    // MARK: tiles from tokens

    @Test func statesFollowTheTokensOfThisAndThePreviousStep() throws {
        let t = try Self.tinyTokenizer()
        let m = t.maskTokenId
        // Patch 0 revealed now, 1 still masked, 2 revealed earlier, 3 changed code (revealed now).
        let tile = try ImageTile(
            tokens: [t.classToken(1), 1, m, 2, 0], previous: [t.classToken(1), m, m, 2, 1],
            tokenizer: t, prefixLength: 1)
        #expect(tile.patches == [.revealedNow, .masked, .revealedEarlier, .revealedNow])
        #expect(tile.label == "b")
        #expect((tile.width, tile.height, tile.patchSize) == (4, 4, 2))
        // Code 1 (all ink) top-left, code 2 bottom-left, code 0 bottom-right, nothing in the masked patch.
        #expect(
            tile.pixels == [
                1, 1, 0, 0,
                1, 1, 0, 0,
                0.25, 0.5, 0, 0,
                0.75, 1, 0, 0
            ])

        let alone = try ImageTile(tokens: [m, 1, m, 2, 0], previous: nil, tokenizer: t, prefixLength: 1)
        #expect(alone.patches == [.revealedEarlier, .masked, .revealedEarlier, .revealedEarlier])
        #expect(alone.label == ImageTile.unconditionalLabel)
        let noPrefix = try ImageTile(tokens: [1, m, 2, 0], previous: nil, tokenizer: t, prefixLength: 0)
        #expect(noPrefix.patches == alone.patches && noPrefix.pixels == alone.pixels && noPrefix.label == "uncond")
    }

    @Test func rowsOfTheWrongLengthAreErrorsNotCrashes() throws {
        let t = try Self.tinyTokenizer()
        #expect(throws: ImageTileError.wrongLength(row: "tokens", expected: 5, actual: 4)) {
            try ImageTile(tokens: [4, 0, 0, 0], previous: nil, tokenizer: t, prefixLength: 1)
        }
        #expect(throws: ImageTileError.wrongLength(row: "previous tokens", expected: 5, actual: 3)) {
            try ImageTile(tokens: [4, 0, 0, 0, 0], previous: [4, 0, 0], tokenizer: t, prefixLength: 1)
        }
    }

    @Test func revealedPatchesAreTheCodebookPatchesAndMaskedOnesAreEmpty() throws {
        let t = try Self.glyphsTokenizer()
        var tokens = t.encode(GlyphGenerator(seed: 5).image(8, split: .test).image, label: 8)
        for i in stride(from: 1, to: tokens.count, by: 3) { tokens[i] = t.maskTokenId }
        let tile = try ImageTile(tokens: tokens, previous: nil, tokenizer: t, prefixLength: t.prefixLength)
        #expect(tile.label == "8")
        for i in 0..<t.patchCount {
            let (gridRow, gridColumn) = i.quotientAndRemainder(dividingBy: t.gridColumns)
            let patch = (0..<4).map { tile[gridRow * 2 + $0 / 2, gridColumn * 2 + $0 % 2] }
            if i % 3 == 0 {
                #expect(tile.patches[i] == .masked)
                #expect(patch == [0, 0, 0, 0])
            } else {
                #expect(tile.patches[i] == .revealedEarlier)
                #expect(patch == Array(t.codebook.centroid(Int(tokens[1 + i]))))
            }
        }
    }

    // MARK: the grid pane

    /// Three glyph samples mid-trajectory: "3" complete (its bottom two patch rows revealed this
    /// step), "7" with its top half still masked, an unconditional "0" with every third patch masked.
    static func glyphTiles() throws -> [ImageTile] {
        let t = try glyphsTokenizer()
        let m = t.maskTokenId
        let generator = GlyphGenerator(seed: 11)
        func tokens(_ digit: Int, label: Int?) -> [Int32] {
            t.encode(generator.image(digit, split: .test).image, label: label)
        }
        let three = tokens(3, label: 3)
        var threeBefore = three
        for i in 48..<64 { threeBefore[1 + i] = m }
        var seven = tokens(7, label: 7)
        for i in 0..<32 { seven[1 + i] = m }
        var zero = tokens(0, label: nil)
        for i in stride(from: 0, to: 64, by: 3) { zero[1 + i] = m }
        return [
            try ImageTile(tokens: three, previous: threeBefore, tokenizer: t, prefixLength: 1),
            try ImageTile(tokens: seven, previous: seven, tokenizer: t, prefixLength: 1),
            try ImageTile(tokens: zero, previous: zero, tokenizer: t, prefixLength: 1)
        ]
    }

    @Test func gridInColourMarksMaskedAndNewPatchesWithThemeRoles() throws {
        let tiles = try Self.glyphTiles()
        let theme = Theme.default
        let pane = ImageGridPane(tiles: tiles, theme: theme, selected: 1)
        #expect(pane.mode == .halfBlocks)
        let b = draw(width: 56, height: 11) { $0.render(pane, in: $0.area) }
        expectSnapshot(b, named: "ImageGridColour")

        let layout = pane.layout(in: b.area)
        #expect(
            layout
                == ImageGridPane.Layout(
                    scale: 1, first: 0,
                    frames: [
                        Rect(x: 0, y: 0, width: 18, height: 10), Rect(x: 18, y: 0, width: 18, height: 10),
                        Rect(x: 36, y: 0, width: 18, height: 10)
                    ], hidden: 0))

        // Tile 1 ("7"): patch rows 0–3 masked → cells y 1…4 of its image are "░" in the masked style.
        let masked = b[18 + 1 + 5, 2]
        #expect(masked.scalar == "░")
        #expect(masked.fg == theme[.masked].fg && masked.attrs.isSuperset(of: theme[.masked].add))
        // Tile 0 ("3"): patch row 6 (cell y 7) revealed this step → tinted toward `committed`, bold.
        let image = theme.gradient(.image), committed = try #require(theme[.committed].fg)
        let new = b[1 + 6, 1 + 6]
        #expect(new.scalar == "▀")
        #expect(new.fg == image.color(at: Double(tiles[0][12, 6])).mixed(with: committed, 0.5))
        #expect(new.bg == image.color(at: Double(tiles[0][13, 6])).mixed(with: committed, 0.5))
        #expect(new.attrs.isSuperset(of: theme[.committed].add) && !theme[.committed].add.isEmpty)
        // Patch row 2 of the "3" was there before: the plain image gradient, no attributes.
        let earlier = b[1 + 6, 1 + 2]
        #expect(earlier.fg == image.color(at: Double(tiles[0][4, 6])) && earlier.attrs == [])
        // The selected tile is outlined in the focused-border style; labels under the tiles.
        #expect(b[18, 0].scalar == "╭" && b[18, 0].fg == theme[.borderFocused].fg)
        #expect(b[0, 0].scalar == " ")
        #expect(b.lines[10].contains("3") && b.lines[10].contains("7") && b.lines[10].contains("uncond"))
    }

    @Test func monochromeThemeKeepsMaskedAndNewPatchesDistinct() throws {
        let tiles = try Self.glyphTiles()
        let theme = try Self.monochrome()
        let pane = ImageGridPane(tiles: tiles, theme: theme, selected: 1)
        #expect(pane.mode == .shades)
        let b = draw(width: 56, height: 11) { $0.render(pane, in: $0.area) }
        expectSnapshot(b, named: "ImageGridMonochrome")

        // Every image cell: masked → dim "░"; new → reversed, never "░"; earlier → plain, never "░".
        let layout = pane.layout(in: b.area)
        var wrong: [String] = []
        for (k, frame) in layout.frames.enumerated() {
            let tile = tiles[layout.first + k]
            for cy in 0..<8 {
                for cx in 0..<16 {
                    let cell = b[frame.x + 1 + cx, frame.y + 1 + cy]
                    let state = tile.state(row: 2 * cy, column: cx)
                    let right =
                        switch state {
                        case .masked: cell.scalar == "░" && cell.attrs.contains(.dim)
                        case .revealedNow: cell.scalar != "░" && cell.attrs.contains(.reverse)
                        case .revealedEarlier: cell.scalar != "░" && cell.attrs.isDisjoint(with: [.reverse, .dim])
                        }
                    if !right { wrong.append("tile \(k) cell \(cx),\(cy) \(state): '\(cell.scalar)' \(cell.attrs)") }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(tiles.allSatisfy { $0.patches.contains(.masked) || $0.patches.contains(.revealedNow) })
    }

    @Test func tooManyTilesShowThePageOfTheSelectionAndHowManyMore() throws {
        let tiles = try Self.glyphTiles() + Self.glyphTiles()
        let pane = ImageGridPane(tiles: tiles, theme: .default, selected: 3)
        let b = draw(width: 40, height: 13) { $0.render(pane, in: $0.area) }
        expectSnapshot(b, named: "ImageGridOverflow")
        let layout = pane.layout(in: b.area)
        #expect(layout.first == 2 && layout.frames.count == 2 && layout.hidden == 4)
        #expect(b.lines[11].hasPrefix("+4 more"))

        let tiny = draw(width: 12, height: 4) { $0.render(pane, in: $0.area) }
        #expect(pane.layout(in: tiny.area).frames.isEmpty)
        #expect(tiny.lines[0] == "+6 more     ")
    }

    /// Too short for one outlined tile and the "+N more" line (80×24): tiles without outlines,
    /// the selection's label reversed.
    @Test func aShortAreaShowsCompactTilesRatherThanNone() throws {
        let tiles = try Self.glyphTiles() + Self.glyphTiles()
        let pane = ImageGridPane(tiles: tiles, theme: .default, selected: 1)
        let height = ImageGridPane.minimumHeight(for: tiles)
        let b = draw(width: 40, height: height) { $0.render(pane, in: $0.area) }
        let layout = pane.layout(in: b.area)
        #expect(!layout.outlined && layout.frames.count == 2 && layout.hidden == tiles.count - 2)
        #expect(layout.frames[0].height == (tiles[0].height + 1) / 2)
        let labelRow = layout.frames[0].bottom
        #expect((0..<40).contains { b[$0, labelRow].attrs.contains(.reverse) }, "the selected tile's label")
        #expect(b.lines[height - 1].hasPrefix("+\(tiles.count - 2) more"))
        // One row more and the outlined tiles come back only when they and the line fit.
        #expect(pane.layout(in: Rect(x: 0, y: 0, width: 40, height: height + 1)).outlined == false)
        #expect(pane.layout(in: Rect(x: 0, y: 0, width: 40, height: height + 3)).outlined)
    }

    @Test func fewTilesAreScaledUpToFill() throws {
        let tiles = Array(try Self.glyphTiles().prefix(1))
        let pane = ImageGridPane(tiles: tiles, theme: .default)
        let layout = pane.layout(in: Rect(x: 2, y: 1, width: 40, height: 30))
        #expect(layout.scale == 2)
        #expect(layout.frames == [Rect(x: 2, y: 1, width: 34, height: 18)])
        #expect(ImageGridPane(tiles: tiles, theme: .default).layout(in: Rect(x: 0, y: 0, width: 60, height: 40)).scale == 3)
    }
}
