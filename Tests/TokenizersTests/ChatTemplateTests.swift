import Foundation
import Testing

@testable import Tokenizers

/// Each family's chat template renders typed prompts exactly as `transformers`'
/// `apply_chat_template` did (Fixtures/chat, made by make_fixtures.py).
struct ChatTemplateTests {
    struct Case: Decodable {
        let user: String
        let system: String?
        let thinking: Bool
        let expected: String
    }

    @Test(arguments: ["llada", "qwen2", "dream", "qwen3"]) func rendersLikeTransformers(family: String) throws {
        let folder = ParityFixture.folder + "/chat/"
        let template = try #require(try ChatTemplate.load(tokenizerConfig: folder + family + ".tokenizer_config.json"))
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + family + ".expected.json"))
        let cases = try JSONDecoder().decode([Case].self, from: data)
        #expect(cases.count >= 8)
        for c in cases {
            #expect(template.render(user: c.user, system: c.system, thinking: c.thinking) == c.expected)
        }
    }

    @Test func familiesAreRecognisedFromTheTemplateText() throws {
        let folder = ParityFixture.folder + "/chat/"
        let qwen2 = try #require(try ChatTemplate.load(tokenizerConfig: folder + "qwen2.tokenizer_config.json"))
        #expect(
            qwen2.family
                == .chatML(
                    defaultSystem: "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.", thinkingSwitch: false))
        let llada = try #require(try ChatTemplate.load(tokenizerConfig: folder + "llada.tokenizer_config.json"))
        #expect(llada.family == .headers(bos: "<|startoftext|>"))
        #expect(ChatTemplate(source: "{{ messages[0]['content'] }}", bosToken: nil) == nil)
    }
}
