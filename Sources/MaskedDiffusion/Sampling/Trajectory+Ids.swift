/// Trajectory files hold the model's own token ids (docs/file-formats.md §5), as other tools
/// record them; the engine numbers a Hugging Face checkpoint's tokens with the mask moved last
/// (`TokenIdMap`). These convert a whole trajectory between the two at the file's boundary.
extension Trajectory {
    /// The same trajectory with every token id `f(id)`: tokens, prompts, fixed tokens, commits,
    /// their candidates, beliefs and the sampler's end-of-sequence ids. (`generated_vocabulary`,
    /// an image model's patch range, stays: image models' ids are the engine's.)
    public func mappingIds(_ f: (Int32) -> Int32) -> Trajectory {
        var t = self
        t.header.initialTokens = header.initialTokens.map { $0.map(f) }
        t.header.problem.prompts = header.problem.prompts.map { $0.map(f) }
        t.header.problem.fixed = header.problem.fixed.map { FixedToken(offset: $0.offset, token: f($0.token)) }
        t.header.sampler.eosTokenIds = header.sampler.eosTokenIds.map { Int(f(Int32($0))) }
        t.steps = steps.map { step in
            var s = step
            s.rows = step.rows.map { row in
                var r = row
                r.tokens = row.tokens.map(f)
                r.commits = row.commits.map { c in
                    var c = c
                    c.token = f(c.token)
                    c.candidates = c.candidates.map { Candidate(token: f($0.token), probability: $0.probability) }
                    return c
                }
                r.beliefs = row.beliefs?.map { b in
                    var b = b
                    b.token = f(b.token)
                    return b
                }
                return r
            }
            return s
        }
        return t
    }

    /// This trajectory (engine ids) in the file ids of `map`, the header naming the file's mask id.
    public func inFileIds(_ map: TokenIdMap) -> Trajectory {
        var t = mappingIds { Int32(map.fileId(engine: Int($0))) }
        t.header.maskTokenId = Int32(map.fileMaskId)
        return t
    }

    /// Whether the file's ids are `map`'s file ids: its header names that mask id. (Files that
    /// name none, or the engine's, hold engine ids: earlier versions wrote those.)
    public func holdsFileIds(of map: TokenIdMap) -> Bool {
        !map.isIdentity && header.maskTokenId == Int32(map.fileMaskId)
    }

    /// This trajectory (the file ids of `map`) in engine ids. Ids outside the file's rows stay as
    /// they are, so the model's check names them.
    public func inEngineIds(_ map: TokenIdMap) -> Trajectory {
        var t = mappingIds { id in (0..<map.rows).contains(Int(id)) ? Int32(map.engineId(file: Int(id))) : id }
        t.header.maskTokenId = nil
        return t
    }
}
