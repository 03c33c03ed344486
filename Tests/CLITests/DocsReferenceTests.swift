import Foundation
import Testing

/// Every reference into `docs/` resolves: the file exists and, for `docs/<file>.md §N.M`, has a
/// heading carrying that section number. References to documents a clone does not have (the
/// project's former shared folder, or a bare `methods.md §…`) fail the test.
struct DocsReferenceTests {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// Where references are made: code, comments, help text, scripts and the docs themselves.
    static let scanned = ["Sources", "Tests", "Benchmarks", "Examples", "docs", "Makefile", "README.md", "Package.swift"]
    /// Files people read (the Makefile has no extension); JSON fixtures, weights and the
    /// workbench's screen snapshots are skipped.
    static let extensions: Set<String> = ["swift", "md", "py", "sh", "h", "modulemap", "toml", "txt", ""]
    /// Training data of the bundled `text` model: a copy of old doc comments, held out in part
    /// for the ELBO figure `DemoModelTests` re-measure, so its old bare citations stay as they
    /// were trained on. It is still checked for the former shared folder.
    static let frozenData = ["Examples/data/"]

    struct Line {
        var file: String
        var number: Int
        var text: String
        var location: String { "\(file):\(number)" }
    }

    static let lines: [Line] = {
        let fm = FileManager.default
        var files: [String] = []
        for entry in scanned {
            var isDirectory: ObjCBool = false
            let path = root.appendingPathComponent(entry).path
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue {
                files.append(entry)
                continue
            }
            for case let sub as String in fm.enumerator(atPath: path) ?? FileManager.DirectoryEnumerator() {
                let relative = entry + "/" + sub
                // This file quotes bad references on purpose.
                guard !relative.contains("/Snapshots/"), !relative.contains("/."),
                    !relative.hasSuffix("/DocsReferenceTests.swift")
                else { continue }
                let ext = (sub as NSString).pathExtension
                var dir: ObjCBool = false
                guard extensions.contains(ext),
                    fm.fileExists(atPath: root.appendingPathComponent(relative).path, isDirectory: &dir),
                    !dir.boolValue
                else { continue }
                files.append(relative)
            }
        }
        return files.sorted().flatMap { file -> [Line] in
            guard let text = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) else { return [] }
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
                Line(file: file, number: $0.offset + 1, text: String($0.element))
            }
        }
    }()

    /// `docs/methods.md §4.2, §4.12` → ("methods", ["4.2", "4.12"]).
    static func references(in text: String) -> [(file: String, sections: [String])] {
        text.matches(of: /docs\/([A-Za-z0-9_-]+)\.md((?:[ ,;]*§\s?[0-9]+(?:\.[0-9]+)*)*)/).map { m in
            (String(m.output.1), String(m.output.2).matches(of: /§\s?([0-9]+(?:\.[0-9]+)*)/).map { String($0.output.1) })
        }
    }

    /// Whether a line ends with a reference list that runs on (`… docs/methods.md §0.1,`).
    static func endsWithOpenList(_ text: String) -> Bool {
        text.firstMatch(of: /docs\/[A-Za-z0-9_-]+\.md(?:[ ,;]*§\s?[0-9]+(?:\.[0-9]+)*)*[ ,;]*$/) != nil
    }

    /// The section numbers a line starts with after its comment marker (`/// §1.5, §2.4). Each …`).
    static func leadingSections(_ text: String) -> Range<String.Index>? {
        text.firstMatch(of: /^\s*(?:\/\/\/?|#)?\s*(?:§\s?[0-9]+(?:\.[0-9]+)*[ ,;]*)+/)?.range
    }

    /// Line `i` with, when its reference list runs on, the section numbers the next line starts
    /// with: a citation wrapped by the formatter is checked as one.
    static func continued(_ i: Int) -> String {
        let line = lines[i]
        guard i + 1 < lines.count, lines[i + 1].file == line.file, endsWithOpenList(line.text),
            let next = leadingSections(lines[i + 1].text)
        else { return line.text }
        return line.text + " " + lines[i + 1].text[next].drop { $0 == " " || $0 == "/" || $0 == "#" }
    }

    /// The `§N` of `text` that no `docs/<file>.md` before them names (a continuation line's
    /// leading list counts as named when the previous line's list is open).
    static func unnamedSections(in text: String, previous: String?) -> [String] {
        var rest = text.replacing(/docs\/[A-Za-z0-9_-]+\.md(?:[ ,;]*§\s?[0-9]+(?:\.[0-9]+)*)*/, with: "")
        if let previous, endsWithOpenList(previous), let leading = leadingSections(rest) {
            rest.removeSubrange(leading)
        }
        // Other documents' sections, named with their document (`RFC 3720 §B.4`), are not ours.
        rest = rest.replacing(/RFC [0-9]+ §\s?[0-9A-Z]+(?:\.[0-9]+)*/, with: "")
        return rest.matches(of: /§\s?([0-9]+(?:\.[0-9]+)*)/).map { String($0.output.1) }
    }

    /// Section numbers of a Markdown file's headings: `## 4.2 Title` or `## §4.2 Title` → "4.2".
    static func headingNumbers(of file: String) -> Set<String>? {
        guard let text = try? String(contentsOf: root.appendingPathComponent("docs/\(file).md"), encoding: .utf8) else {
            return nil
        }
        var numbers: Set<String> = []
        for line in text.split(separator: "\n") where line.hasPrefix("#") {
            if let m = line.firstMatch(of: /^#+\s+§?([0-9]+(?:\.[0-9]+)*)\.?(\s|$)/) { numbers.insert(String(m.output.1)) }
        }
        return numbers
    }

    /// The folder beside the repository that once held the specs. Spelled in parts so this
    /// file, which must name it to forbid it, does not itself read as a reference to it.
    static let formerFolder = ["sha", "red"].joined()

    /// A path into the project's former shared folder (`<folder>/spec/…`, `../<folder>/…`).
    static func citesSharedFolder(_ text: String) -> Bool {
        let folder = formerFolder
        return ["spec", "design", "bench"].contains { text.contains("\(folder)/\($0)") } || text.contains("../\(folder)/")
    }

    /// Specs cited by a bare name (`methods.md §4.2`) and the former design documents.
    static func bareNames(in text: String) -> [String] {
        text.matches(of: /(^|[^\/A-Za-z0-9_-])((methods|platform|ecosystem)\.md|ARCHITECTURE\.md|UI\.md)/).map {
            String($0.output.2)
        }
    }

    @Test func docsReferencesResolveToAFileAndASection() {
        var headings: [String: Set<String>] = [:]
        var checked = 0
        for (i, line) in Self.lines.enumerated() where line.text.contains("docs/") {
            for (file, sections) in Self.references(in: Self.continued(i)) {
                if headings[file] == nil, let numbers = Self.headingNumbers(of: file) { headings[file] = numbers }
                guard let numbers = headings[file] else {
                    Issue.record("\(line.location): docs/\(file).md does not exist")
                    continue
                }
                for section in sections {
                    checked += 1
                    #expect(numbers.contains(section), "\(line.location): docs/\(file).md has no heading numbered \(section)")
                }
            }
        }
        #expect(checked > 50, "only \(checked) section references found: is the scan looking in the right place?")
    }

    @Test func nothingCitesDocumentsOutsideTheRepository() {
        for line in Self.lines where line.text.contains(Self.formerFolder + "/") || line.text.contains(".md") {
            if Self.citesSharedFolder(line.text) {
                Issue.record("\(line.location): cites the former shared folder: \(line.text)")
            }
            if Self.frozenData.contains(where: line.file.hasPrefix) { continue }
            for name in Self.bareNames(in: line.text) {
                Issue.record("\(line.location): '\(name)' is not a docs/ reference: \(line.text)")
            }
        }
    }

    /// Code cites a section only with its document (`docs/methods.md §4.7`), so the check above
    /// can resolve it; a bare `§4.7` in a comment or help text names nothing a reader can open.
    @Test func everySectionSignInCodeNamesItsDocument() {
        var checked = 0
        for (i, line) in Self.lines.enumerated()
        where !line.file.hasPrefix("docs/") && !line.file.hasSuffix(".md") && line.text.contains("§")
            && !Self.frozenData.contains(where: line.file.hasPrefix)
        {
            checked += 1
            let previous = i > 0 && Self.lines[i - 1].file == line.file ? Self.lines[i - 1].text : nil
            for section in Self.unnamedSections(in: line.text, previous: previous) {
                Issue.record("\(line.location): §\(section) names no docs/ file: \(line.text)")
            }
        }
        #expect(checked > 50, "only \(checked) lines with § found: is the scan looking in the right place?")
    }

    /// The checks above can fail: a reference they must catch, and one they must accept.
    @Test func theChecksCatchWhatTheyShould() {
        let refs = Self.references(in: "(docs/methods.md §1.4, §2.5, §3.6; docs/platform.md §5)")
        #expect(refs.map(\.file) == ["methods", "platform"])
        #expect(refs.first?.sections == ["1.4", "2.5", "3.6"])
        #expect(refs.last?.sections == ["5"])
        #expect(Self.unnamedSections(in: "/// The §4.7 reward (docs/methods.md §4.9)", previous: nil) == ["4.7"])
        #expect(Self.unnamedSections(in: "/// §1.5, §2.4). Each draws §3", previous: "/// (docs/methods.md §0.1,") == ["3"])
        #expect(Self.unnamedSections(in: "/// §1.5, §2.4). Each", previous: "/// the estimators.") == ["1.5", "2.4"])
        #expect(Self.unnamedSections(in: "/// vectors of RFC 3720 §B.4.", previous: nil).isEmpty)
        #expect(Self.bareNames(in: "see methods.md §4.10 and ARCHITECTURE.md") == ["methods.md", "ARCHITECTURE.md"])
        #expect(Self.bareNames(in: "see docs/methods.md §4.10, Benchmarks/README.md, GUI.md").isEmpty)
        let folder = Self.formerFolder
        #expect(Self.citesSharedFolder("(see \(folder)/spec/platform.md §4)"))
        #expect(Self.citesSharedFolder("`../\(folder)/bench/README.md`"))
        #expect(!Self.citesSharedFolder("\(folder)/ by reference"))
        #expect(Self.headingNumbers(of: "methods")?.isSuperset(of: ["0.1", "2.4.4", "4", "4.13", "6"]) == true)
    }
}
