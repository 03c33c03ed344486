import Foundation

/// A folder that does not exist, fresh for each test process: a fixed "/nonexistent" did exist
/// once (a try-out's `--out /nonexistent/x` made it), and tests that needed it absent failed.
let missingFolder = FileManager.default.temporaryDirectory.appendingPathComponent("unmask-missing-\(UUID())").path
