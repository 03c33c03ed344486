import Foundation
import Testing

@testable import Terminal

/// The package's Themes folder, found from this source file.
let themesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Themes").path

struct ThemeTests {
    let library = ThemeLibrary(directories: [themesFolder])

    @Test func everyShippedThemeParsesWithEveryRole() throws {
        let names = library.availableNames()
        #expect(names.count >= 5)
        for n in ["default", "light", "high-contrast", "monochrome", "nord"] { #expect(names.contains(n)) }
        for name in names {
            let theme = try library.load(name).get()
            #expect(theme.name == name)
            let text = try String(contentsOfFile: themesFolder + "/\(name).toml", encoding: .utf8)
            // Each shipped theme defines every role itself (no silent inheritance from default).
            let standalone = try ThemeParser.parse(text, file: name, base: nil)
            #expect(standalone == theme)
        }
    }

    @Test func builtInDefaultIsTheDefaultFile() throws {
        let file = try String(contentsOfFile: themesFolder + "/default.toml", encoding: .utf8)
        #expect(BuiltinThemes.defaultTOML + "\n" == file)
        #expect(try library.load("default").get() == Theme.default)
    }

    @Test func monochromeUsesOnlyAttributes() throws {
        let mono = try library.load("monochrome").get()
        #expect(!mono.usesColor)
        #expect(Theme.default.usesColor)
        #expect(mono[.highlight] == Style(fg: nil, add: .reverse))
        #expect(mono[.masked].add == .dim)
    }

    @Test func rolesPaletteAndGradientsResolve() throws {
        let nord = try library.load("nord").get()
        #expect(nord[.text].fg == Color(hex: 0xD8DEE9))
        #expect(nord[.highlight] == Style(fg: Color(hex: 0x2E3440), bg: Color(hex: 0x88C0D0), add: .bold))
        #expect(nord.series.first == Color(hex: 0x88C0D0))
        #expect(nord.gradient(.confidence).color(at: 0) == Color(hex: 0xBF616A))
        #expect(nord.gradient(.confidence).color(at: 1) == Color(hex: 0xA3BE8C))
        #expect(nord.seriesStyle(6) == nord.seriesStyle(0))
    }

    @Test func styleMiniLanguage() throws {
        #expect(
            try ColorSpec.style("#fff on 236 bold underline", palette: [:])
                == Style(fg: .rgb(255, 255, 255), bg: .indexed(236), add: [.bold, .underline]))
        #expect(try ColorSpec.style("bright-red", palette: [:]) == Style(fg: .brightRed))
        #expect(try ColorSpec.style("on default", palette: [:]) == Style(bg: .default))
        #expect(throws: ColorSpec.SpecError.self) { try ColorSpec.style("red blue", palette: [:]) }
        #expect(throws: ColorSpec.SpecError.self) { try ColorSpec.style("red on", palette: [:]) }
        #expect(throws: ColorSpec.SpecError.self) { try ColorSpec.color("#12345", palette: [:]) }
        #expect(throws: ColorSpec.SpecError.self) { try ColorSpec.color("300", palette: [:]) }
    }
}

/// A bad theme is reported as `file:line: key 'x': problem` and the default is used instead.
struct ThemeErrorTests {
    func error(_ text: String) -> ThemeError? {
        do {
            _ = try ThemeParser.parse(text, file: "bad.toml")
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownColourNamesFileLineAndKey() {
        let e = error("name = \"x\"\n\n[roles]\ntext = \"#d8dee9\"\naccent = \"bleu bold\"\n")
        #expect(e?.description == "bad.toml:5: key 'roles.accent': unknown colour or attribute 'bleu'")
    }

    @Test func unknownRoleListsTheValidOnes() {
        let e = error("name = \"x\"\n[roles]\ntitel = \"red\"\n")
        #expect(e?.line == 3)
        #expect(e?.key == "roles.titel")
        #expect(e?.problem.hasPrefix("unknown role; roles are background, text") == true)
    }

    @Test func syntaxErrorsCarryTheirLine() {
        #expect(
            error("name = \"x\"\n[roles]\ntext = red\n")?.description
                == "bad.toml:3: key 'roles.text': 'red' is not a value (strings need quotes)")
        #expect(error("name = \"x\"\n[roles\n")?.description == "bad.toml:2: expected ']' to close the table header")
        #expect(error("name = \"x\"\ntext = \"unterminated\n")?.line == 2)
        #expect(error("name = \"x\"\n[roles]\ntext = { fg = \"red\" }\n")?.problem.contains("inline tables") == true)
    }

    /// Arrays nested deeper than any theme needs are refused with the line, not parsed by
    /// recursion until the stack overflows (a crafted theme must not crash the program).
    @Test func deeplyNestedArraysAreRefusedNotRecursedInto() {
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        let e = error("name = \"x\"\n[chart]\nseries = \(deep)\n")
        #expect(e?.line == 3, "\(String(describing: e))")
        #expect(e?.problem.contains("nested") == true, "\(String(describing: e))")
        #expect(e?.description.hasPrefix("bad.toml:3:") == true)
        #expect(throws: Never.self) { try TOMLSubset.parse("a = [[[1]], [[2, 3]]]\n") }
    }

    @Test func wrongTypesAndDuplicates() {
        #expect(
            error("name = \"x\"\n[chart]\nseries = \"red\"\n")?.description
                == "bad.toml:3: key 'chart.series': expected an array of colours, found a string")
        #expect(
            error("name = \"x\"\n[roles]\ntext = \"red\"\ntext = \"blue\"\n")?.description
                == "bad.toml:4: key 'roles.text': defined twice")
        #expect(error("name = \"x\"\n[gradients]\nfire = [\"red\"]\n")?.key == "gradients.fire")
        #expect(error("[roles]\ntext = \"red\"\n")?.description == "bad.toml:1: key 'name': missing; every theme needs a name")
        #expect(error("name = \"x\"\ncolour = 3\n")?.key == "colour")
    }

    @Test func partialThemesInheritFromTheDefault() throws {
        let t = try ThemeParser.parse("name = \"mine\"\n[roles]\naccent = \"red\"\n", file: "mine.toml")
        #expect(t.name == "mine")
        #expect(t[.accent] == Style(fg: .red))
        #expect(t[.text] == Theme.default[.text])
    }

    @Test func tomlSubsetParsesWhatThemesUse() throws {
        let entries = try TOMLSubset.parse(
            """
            # comment
            a = 'lit\\eral'  # trailing comment
            "quoted key" = "esc\\"aped \\u00e9"
            [t.sub]
            n = 1_000
            f = -2.5
            b = true
            list = [
              "x", # one
              "y",
            ]
            """)
        #expect(entries.map(\.dottedKey) == ["a", "quoted key", "t.sub.n", "t.sub.f", "t.sub.b", "t.sub.list"])
        #expect(entries[0].value == .string("lit\\eral"))
        #expect(entries[1].value == .string("esc\"aped é"))
        #expect(entries[2].value == .integer(1000))
        #expect(entries[3].value == .float(-2.5))
        #expect(entries[4].value == .bool(true))
        #expect(entries[5].value == .array([.string("x"), .string("y")]))
        #expect(entries[5].line == 8)
    }

    @Test func libraryFallsBackToTheDefaultWithAnError() {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "unmask-theme-\(UInt32.random(in: 0...UInt32.max))")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("broken.toml").path
        _ = FileManager.default.createFile(atPath: bad, contents: Data("name = \"broken\"\n[roles]\ntext = \"nope\"\n".utf8))
        let lib = ThemeLibrary(directories: [dir.path])
        let (theme, warning) = lib.loadOrDefault("broken")
        #expect(theme == Theme.default)
        #expect(warning?.description == "\(bad):3: key 'roles.text': unknown colour or attribute 'nope'")
        let (_, missing) = lib.loadOrDefault("nosuch")
        #expect(missing?.description.hasPrefix("nosuch: no such theme") == true)
        #expect(lib.loadOrDefault("default").warning == nil)
        #expect(lib.path(for: "/some/where.toml") == "/some/where.toml")
        // A file that cannot be read says why (it once said only "cannot read the file").
        #expect(lib.loadOrDefault("/no/such.toml").warning?.description.hasSuffix("cannot read the file: no such file") == true)
        let binary = dir.appendingPathComponent("binary.toml").path
        _ = FileManager.default.createFile(atPath: binary, contents: Data([0xFF, 0xFE, 0x00]))
        #expect(lib.loadOrDefault(binary).warning?.description.hasSuffix("not UTF-8 text") == true)
    }

    @Test func loadNextSkipsThemesThatDoNotLoadAndWrapsAround() {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "unmask-theme-\(UInt32.random(in: 0...UInt32.max))")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = FileManager.default.createFile(
            atPath: dir.appendingPathComponent("broken.toml").path,
            contents: Data("name = \"broken\"\n[roles]\ntext = \"nope\"\n".utf8))
        let lib = ThemeLibrary(directories: [dir.path, themesFolder])
        let names = ["default", "broken", "nord"]
        let next = lib.loadNext(after: 0, in: names)
        #expect(next.index == 2)
        #expect((try? next.result.get())?.name == "nord")
        let wrapped = lib.loadNext(after: 2, in: names)
        #expect(wrapped.index == 0 && (try? wrapped.result.get()) == Theme.default)
        let none = lib.loadNext(after: 0, in: ["broken"])
        #expect(none.index == 0)
        if case .success = none.result { Issue.record("a broken theme loaded") }
    }

    @Test func searchPathHonoursTheEnvironment() {
        let lib = ThemeLibrary.standard(
            environment: ["UNMASK_THEMES": "/a:/b", "XDG_CONFIG_HOME": "/cfg"],
            executablePath: URL(fileURLWithPath: themesFolder).deletingLastPathComponent().path + "/.build/debug/unmask")
        #expect(Array(lib.directories.prefix(3)) == ["/a", "/b", "/cfg/unmask/themes"])
        #expect(
            lib.directories.last.map { URL(fileURLWithPath: $0).standardized.path }
                == URL(fileURLWithPath: themesFolder).standardized.path)
    }
}
