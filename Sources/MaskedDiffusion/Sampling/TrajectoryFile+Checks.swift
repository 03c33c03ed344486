/// What `TrajectoryFile.decode` checks beyond the JSON shape: everything a viewer indexes with
/// or draws from a file, so a file `replay --check` accepts can never trap the viewer.
extension TrajectoryFile {
    static func check(_ header: TrajectoryHeader) throws(TrajectoryFileError) {
        func bad(_ field: String, _ reason: String) -> TrajectoryFileError { .invalid(line: 1, field: field, reason: reason) }
        if header.rows == 0 { throw bad("initial_tokens", "no rows") }
        if let r = header.initialTokens.firstIndex(where: { $0.count != header.seqLen }) {
            throw bad("initial_tokens[\(r)]", "rows must have equal length")
        }
        if header.initialNFE.count != header.rows {
            throw bad("initial_nfe", "\(header.initialNFE.count) counts for \(header.rows) rows")
        }
        if header.problem.rows != header.rows {
            throw bad("problem.prompts", "\(header.problem.rows) prompts for \(header.rows) rows")
        }
        if let mask = header.maskTokenId, mask < 0 { throw bad("mask_token_id", "\(mask) is not a token id") }
        if header.shape.first != header.rows {
            throw bad("shape", "\(header.shape) does not start with the row count \(header.rows)")
        }
        let p = header.problem.promptLength, generated = header.seqLen - p
        if header.problem.prompts.contains(where: { $0.count != p }) || p > header.seqLen {
            throw bad("problem.prompts", "prompts of \(p) tokens in sequences of \(header.seqLen)")
        }
        if let f = header.problem.fixed.firstIndex(where: { $0.offset < 0 || $0.offset >= generated }) {
            throw bad("problem.fixed[\(f)].offset", "outside the \(generated) generated positions")
        }
        // An image file's shape is [rows, seqLen] as written by `sample` and the workbench, or
        // [rows, height, width] of the generated patch grid.
        let grid =
            header.shape.count == 3 && header.shape.dropFirst().allSatisfy { $0 > 0 }
            && header.shape.dropFirst().reduce(1, *) == generated
        if header.kind == .image, !grid, header.shape != [header.rows, header.seqLen] {
            throw bad(
                "shape",
                "an image trajectory needs [rows, \(header.seqLen)] or [rows, height, width] with height·width = \(generated)")
        }
        if header.kind == .text, header.shape != [header.rows, header.seqLen] {
            throw bad("shape", "\(header.shape), but the rows are [\(header.rows), \(header.seqLen)]")
        }
        if header.sampler.steps < 1 { throw bad("sampler.steps", "\(header.sampler.steps) is not a step count (≥ 1)") }
        for (r, row) in header.initialTokens.enumerated() {
            if let i = row.firstIndex(where: { !isToken($0) }) {
                throw bad("initial_tokens[\(r)][\(i)]", "\(row[i]) is not a token id (ids are ≥ 0)")
            }
        }
    }

    static func check(_ step: TrajectoryStep, line: Int, header: TrajectoryHeader, previous: TrajectoryStep?)
        throws(TrajectoryFileError)
    {
        func bad(_ field: String, _ reason: String) -> TrajectoryFileError { .invalid(line: line, field: field, reason: reason) }
        // Every writer numbers the steps it records one by one (schedule steps with nothing to
        // commit are not recorded, so they take no number): a gap is a line lost from the file.
        if let p = previous, step.index != p.index + 1 {
            throw bad("step", "step \(step.index) after step \(p.index): steps count up by one (a line missing or out of order?)")
        }
        guard step.rows.count == header.rows else { throw bad("rows", "\(step.rows.count) rows, the header has \(header.rows)") }
        for (r, row) in step.rows.enumerated() {
            if row.tokens.count != header.seqLen {
                throw bad("rows[\(r)].tokens", "\(row.tokens.count) tokens, the header's sequences have \(header.seqLen)")
            }
            if let i = row.tokens.firstIndex(where: { !isToken($0) }) {
                throw bad("rows[\(r)].tokens[\(i)]", "\(row.tokens[i]) is not a token id (ids are ≥ 0)")
            }
            for (c, commit) in row.commits.enumerated() {
                let field = "rows[\(r)].commits[\(c)]"
                guard commit.position >= 0 && commit.position < header.seqLen else {
                    throw bad(field + ".pos", "position outside 0..<\(header.seqLen)")
                }
                if row.tokens[commit.position] != commit.token {
                    throw bad(field + ".token", "\(commit.token), but the row holds \(row.tokens[commit.position]) there")
                }
                if !(0...1).contains(commit.confidence) {
                    throw bad(field + ".conf", "\(commit.confidence) is not a probability")
                }
                if let k = commit.candidates.firstIndex(where: { !(0...1).contains($0.probability) || !isToken($0.token) }) {
                    throw bad(field + ".top[\(k)]", "not a token with a probability")
                }
            }
            for (k, belief) in (row.beliefs ?? []).enumerated() {
                let field = "rows[\(r)].beliefs[\(k)]"
                guard belief.position >= 0 && belief.position < header.seqLen else {
                    throw bad(field, "position outside 0..<\(header.seqLen)")
                }
                guard isToken(belief.token), (0...1).contains(belief.probability), (0...1).contains(belief.margin),
                    belief.entropy >= 0 && belief.entropy.isFinite
                else { throw bad(field, "not [pos, token, p, entropy ≥ 0, margin] with p and margin in 0…1") }
            }
        }
    }

    /// A token id the file may hold: ≥ 0 (its upper end is the model's, which the file does not
    /// state: a Hugging Face LLaDA's mask 126336 sits below its end-of-turn id 126348).
    private static func isToken(_ id: Int32) -> Bool { id >= 0 }
}
