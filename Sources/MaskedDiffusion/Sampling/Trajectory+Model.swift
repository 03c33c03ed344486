/// Whether a trajectory file fits the model that is to explain it. The file does not state its
/// vocabulary (docs/file-formats.md §5), so `TrajectoryFile.decode` checks ids only for sign; a
/// model that would index with them checks them here first: an id past its vocabulary once
/// trapped the workbench's first forward pass, and a file recorded with another model showed its
/// masks as real tokens.
extension Trajectory {
    /// The first reason this file cannot be replayed with a model of `vocabSize` real tokens and
    /// mask `maskId`, naming the step and field; nil when it can.
    public func problem(vocabSize: Int, maskId: Int32) -> String? {
        func real(_ id: Int32) -> Bool { id >= 0 && Int(id) < vocabSize }
        func known(_ id: Int32) -> Bool { real(id) || id == maskId }
        let model = "this model has \(vocabSize) tokens and mask \(maskId)"
        func check(_ rows: [[Int32]], _ place: String) -> String? {
            for (r, row) in rows.enumerated() {
                if let i = row.firstIndex(where: { !known($0) }) {
                    return "\(place), rows[\(r)].tokens[\(i)]: id \(row[i]) is not a token of the model (\(model))"
                }
            }
            return nil
        }
        // The header's fields by line (line 1); a step by its number (its line is not kept: blank
        // lines between steps are allowed).
        if let p = check(header.initialTokens, "line 1, initial_tokens") { return p }
        for step in steps {
            let place = "step \(step.index)"
            if let p = check(step.rows.map(\.tokens), place) { return p }
            // Candidates and beliefs name real tokens: an id past the vocabulary once became a
            // pinned branch that could never sample.
            for (r, row) in step.rows.enumerated() {
                for (c, commit) in row.commits.enumerated() {
                    if let j = commit.candidates.firstIndex(where: { !real($0.token) }) {
                        return "\(place), rows[\(r)].commits[\(c)].top[\(j)]: id \(commit.candidates[j].token) "
                            + "is not a token of the model (\(model))"
                    }
                }
                if let b = row.beliefs?.firstIndex(where: { !real($0.token) }) {
                    return "\(place), rows[\(r)].beliefs[\(b)]: id \(row.beliefs![b].token) "
                        + "is not a token of the model (\(model))"
                }
            }
        }
        // A fresh recording starts as its problem does (prompt, masks, fixed tokens); a mask
        // that differs says the file was recorded with another model.
        guard header.initialNFE.allSatisfy({ $0 == 0 }) else { return nil }
        let expected = header.problem.initialTokens(
            generationLength: header.seqLen - header.problem.promptLength, maskId: maskId)
        for (r, (row, want)) in zip(header.initialTokens, expected).enumerated() {
            if let i = row.indices.first(where: { row[$0] != want[$0] }) {
                return "line 1, initial_tokens[\(r)][\(i)]: holds \(row[i]) where a fresh sample starts with \(want[i]) "
                    + "(\(model)): the file was recorded with another model"
            }
        }
        return nil
    }
}
