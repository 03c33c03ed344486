import Foundation
import MaskedDiffusion

/// A saved-workbench file that cannot be read or written, naming the file and the field.
struct SavedWorkbenchError: Error, CustomStringConvertible, Equatable {
    var path: String
    var field: String?
    var reason: String

    var description: String { path + (field.map { ", field \($0)" } ?? "") + ": \(reason)" }
}

/// Reading and writing `SavedWorkbench` as JSON (docs/file-formats.md §11), atomically.
enum SavedWorkbenchFile {
    static func write(_ saved: SavedWorkbench, to path: String) throws(SavedWorkbenchError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(saved) else {
            throw SavedWorkbenchError(path: path, reason: "the settings could not be encoded")
        }
        try AtomicFile.write(to: path, failure: { SavedWorkbenchError(path: path, reason: $0) }) {
            out throws(SavedWorkbenchError) in try out.write(Array(data) + [10])
        }
    }

    static func read(from path: String) throws(SavedWorkbenchError) -> SavedWorkbench {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SavedWorkbenchError(path: path, reason: "no such file")
        }
        guard !isFolder.boolValue else { throw SavedWorkbenchError(path: path, reason: "is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SavedWorkbenchError(path: path, reason: "cannot be read")
        }
        func field(_ path: [any CodingKey]) -> String { CodingPathText.bracketed(path) }
        func field(_ c: DecodingError.Context) -> String { field(c.codingPath) }
        let saved: SavedWorkbench
        do {
            saved = try JSONDecoder().decode(SavedWorkbench.self, from: data)
        } catch let DecodingError.keyNotFound(key, c) {
            let at = field(c)
            throw SavedWorkbenchError(
                path: path, field: at.isEmpty ? key.stringValue : at + "." + key.stringValue, reason: "missing")
        } catch let DecodingError.typeMismatch(type, c) where !c.codingPath.isEmpty {
            throw SavedWorkbenchError(path: path, field: field(c), reason: "expected \(type)")
        } catch let DecodingError.valueNotFound(type, c) {
            throw SavedWorkbenchError(path: path, field: field(c), reason: "expected \(type)")
        } catch let DecodingError.dataCorrupted(c) where !c.codingPath.isEmpty {
            throw SavedWorkbenchError(path: path, field: field(c), reason: c.debugDescription)
        } catch {
            if let misfit = JSONMisfit.locate(SavedWorkbench.self, in: [UInt8](data), after: error) {
                throw SavedWorkbenchError(path: path, field: field(misfit.path), reason: JSONMisfit.reason(misfit.number))
            }
            throw SavedWorkbenchError(path: path, reason: "not a JSON object")
        }
        guard saved.format == SavedWorkbench.format else {
            throw SavedWorkbenchError(path: path, field: "format", reason: "'\(saved.format)' is not '\(SavedWorkbench.format)'")
        }
        guard saved.version == SavedWorkbench.version else {
            throw SavedWorkbenchError(
                path: path, field: "version", reason: "\(saved.version); this unmask reads version \(SavedWorkbench.version)")
        }
        return saved
    }
}
