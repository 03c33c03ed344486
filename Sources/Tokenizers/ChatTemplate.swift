import Foundation

/// How an instruct model expects a typed prompt: the chat template of its `tokenizer_config.json`
/// recognised as one of the families Unmask renders itself (a Jinja interpreter is not part of
/// Unmask), with the file's own template text kept in `source` for comparison.
///
/// Rendered for one user turn (and an optional system turn) with the generation prompt, as
/// `apply_chat_template(messages, add_generation_prompt=True)` renders it; the tests compare
/// each family with `transformers`' output.
public struct ChatTemplate: Sendable, Equatable {
    public enum Family: Sendable, Equatable {
        /// LLaMA-3 headers (LLaDA-8B-Instruct): `bos` then, per turn,
        /// `<|start_header_id|>ROLE<|end_header_id|>\n\n` + trimmed text + `<|eot_id|>`.
        case headers(bos: String)
        /// ChatML (Qwen2, Dream, Qwen3): `<|im_start|>ROLE\n` + text + `<|im_end|>\n` per turn;
        /// `defaultSystem` is the system turn the template adds when there is none (Qwen2:
        /// "You are Qwen, …"); `thinkingSwitch` when the template reads `enable_thinking` (Qwen3:
        /// off adds an empty `<think>\n\n</think>\n\n` block after the assistant header).
        case chatML(defaultSystem: String?, thinkingSwitch: Bool)
    }

    public let family: Family
    /// The Jinja text of the file.
    public let source: String

    /// The family in words, for status lines and `sample --show-chat-template`.
    public var familyName: String {
        switch family {
        case .headers: "LLaMA-3 headers"
        case .chatML: "ChatML"
        }
    }

    /// Recognises `source`; nil when it is none of the families above.
    public init?(source: String, bosToken: String?) {
        self.source = source
        if source.contains("<|start_header_id|>"), source.contains("<|eot_id|>") {
            family = .headers(bos: source.contains("bos_token") ? bosToken ?? "" : "")
        } else if source.contains("<|im_start|>"), source.contains("<|im_end|>") {
            family = .chatML(
                defaultSystem: Self.literalSystemTurn(in: source), thinkingSwitch: source.contains("enable_thinking"))
        } else {
            return nil
        }
    }

    /// The prompt text for `user` (and `system`), ending where the assistant's reply begins.
    /// `thinking: false` closes Qwen3's thinking block (ignored by other families).
    public func render(user: String, system: String? = nil, thinking: Bool = true) -> String {
        switch family {
        case .headers(let bos):
            let turns = (system.map { [("system", $0)] } ?? []) + [("user", user)]
            return bos + turns.map { "<|start_header_id|>\($0)<|end_header_id|>\n\n\(Self.trim($1))<|eot_id|>" }.joined()
                + "<|start_header_id|>assistant<|end_header_id|>\n\n"
        case .chatML(let defaultSystem, let thinkingSwitch):
            let systemTurn = (system ?? defaultSystem).map { "<|im_start|>system\n\($0)<|im_end|>\n" } ?? ""
            return systemTurn + "<|im_start|>user\n\(user)<|im_end|>\n<|im_start|>assistant\n"
                + (thinkingSwitch && !thinking ? "<think>\n\n</think>\n\n" : "")
        }
    }

    /// Reads `chat_template` and `bos_token` from a `tokenizer_config.json`. Returns nil when the
    /// file has no template; throws when the template is of no known family, naming the field.
    public static func load(tokenizerConfig path: String) throws(HFTokenizerError) -> ChatTemplate? {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        let doc = try JSONField.document(data, path: path)
        if doc["chat_template"].isNull { return nil }
        guard let source = doc["chat_template"].value as? String else {
            throw doc["chat_template"].unsupported("a list of named templates")
        }
        let bos = doc["bos_token"]
        let bosToken = bos.value as? String ?? bos["content"].value as? String
        guard let template = ChatTemplate(source: source, bosToken: bosToken) else {
            throw doc["chat_template"].unsupported("a template of no known family (LLaMA-3 headers or ChatML)")
        }
        return template
    }

    /// The text of a quoted `<|im_start|>system\n…<|im_end|>` turn written out in the template
    /// (a default system prompt), nil when every system turn is built from a message. The
    /// newline may be a Jinja escape (as in the published files) or a real one.
    static func literalSystemTurn(in source: String) -> String? {
        for marker in [#"<|im_start|>system\n"#, "<|im_start|>system\n"] {
            var rest = source[...]
            while let start = rest.range(of: marker) {
                rest = rest[start.upperBound...]
                guard let end = rest.range(of: "<|im_end|>") else { break }
                let body = rest[..<end.lowerBound]
                if !body.isEmpty, !body.contains("'"), !body.contains("\"") { return unescape(body) }
            }
        }
        return nil
    }

    /// A Jinja string literal's escapes (`\n`, `\t`, `\\`) resolved.
    private static func unescape(_ s: Substring) -> String {
        var out = ""
        var escaped = false
        for c in s {
            if escaped {
                out.append(c == "n" ? "\n" : c == "t" ? "\t" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Jinja's `trim` (Python's `str.strip()`): whitespace off both ends.
    private static func trim(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return ScalarText.string(scalars[first...last])
    }
}
