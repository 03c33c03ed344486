/// The one token list every reasoning task shares (V = 21, mask id 21): digits, operators,
/// parentheses, `=`, space and the answer tags as single tokens, so a Countdown completion
/// `<answer>25+3*7</answer>` is 8 tokens rather than 24 characters.
///
/// `<eos>` (id 0) ends a completion and pads fixed-length prompts (on the left) and completions
/// (on the right), as LLaDA pads answers with EOS.
public enum TaskVocabulary {
    public static let eos = "<eos>"
    public static let tokens: [String] =
        [eos] + (0...9).map(String.init) + ["+", "-", "*", "/", "(", ")", "=", " ", AnswerTags.open, AnswerTags.close]

    /// The task tokenizer, labelled with the task it serves.
    public static func tokenizer(task: String) -> VocabularyTokenizer {
        // The constant list above has no duplicates or empty tokens, so this cannot throw.
        try! VocabularyTokenizer(tokens: tokens, eosToken: eos, task: task)
    }
}
