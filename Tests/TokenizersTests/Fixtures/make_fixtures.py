#!/usr/bin/env python3
"""Makes the Hugging Face tokenizer parity fixtures in this folder.

    /path/to/python Tests/TokenizersTests/Fixtures/make_fixtures.py

Needs `tokenizers` (and `transformers` + `jinja2` for the chat references); the Swift tests read
only the files written here:

* corpus.jsonl            one JSON string per line, >= 10,000 lines of mixed-script text made
                          deterministically from the word lists below (seed 17)
* bytelevel.json          byte-level BPE (Qwen2 split regex + ByteLevel, NFC), trained here
* sentencepiece.json      LLaMA-2 style BPE: Prepend/Replace normalizer, byte_fallback, trained here
* metaspace.json          the same model behind a Metaspace pre-tokenizer and decoder
* gpt2.json, llama3.json  the byte-level model behind GPT-2's ByteLevel split and LLaMA-3's
                          split regex with ignore_merges
* NAME.ids                reference ids per corpus line (space-separated, one line each)
* NAME.decode.json        {line index: decoded text} for lines whose decode differs from the line
* chat/                   chat templates and transformers' apply_chat_template output per family
"""
import json
import os
import random
import unicodedata

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

HERE = os.path.dirname(os.path.abspath(__file__))
QWEN2_SPLIT = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
METASPACE_LINES = 3000  # the variants share a trained model, so a subset of lines suffices
VARIANT_LINES = 1500

WORDS = {
    "en": "the of and to in is was for that with on as by it from at this an be are model token noise step mask "
    "diffusion sample text data train loss she's we'll they're I'd you've don't IT'S WE'RE".split(),
    "latin": "café naïve façade résumé über Größe straße mañana niño añejo jalapeño Łódź zażółć gęślą jaźń "
    "Việt Nam tiếng phở Ærø smørrebrød fjørd İstanbul şehir çiçek Dvořák Ångström coöperate".split(),
    "cyrillic": "привет мир диффузия модель токен Москва Ёлка щука съезд Україна їжак ґанок Беларусь ўсё".split(),
    "greek": "καλημέρα κόσμε Αθήνα λόγος ψυχή φιλοσοφία Ωμέγα ΐ ΰ ἀρχή ᾠδή".split(),
    "cjk": "你好 世界 扩散模型 中文 分词器 東京 日本語 ひらがな カタカナ ありがとう 한국어 안녕하세요 서울 漢字 𠜎𠜱".split(),
    "arabic": "مرحبا بالعالم العربية نموذج الانتشار كتاب مدرسة ١٢٣ ٤٥٦".split(),
    "devanagari": "नमस्ते दुनिया हिन्दी मॉडल क्षत्रिय श्री ज्ञान ०१२३".split(),
    "emoji": ["😀", "🎉", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇫🇷", "🇯🇵", "❤️", "🧑‍💻", "✨", "🤖", "👩🏿‍🔬", "☕", "🐍"],
    "digits": ["0", "7", "42", "3.14159", "1,000,000", "2026-12-05", "0x1F", "1e-4", "99%", "-17", "12:30"],
    "code": ["def f(x):", "return x + 1", "for (int i = 0; i < n; ++i) {", "}", "let y = [1, 2, 3]",
             "if a != b && c >= d:", "print(\"hi\")", "x->y", "#include <stdio.h>", "//", "/* c */",
             "{\"k\": [true, null]}", "a_b_c", "CamelCase", "snake_case_name", "self.w1(x)", "$HOME", "@decorator"],
}
ODD_SPACE = [" ", " ", " ", "  ", "   ", "\t", " \t ", "\u00a0", "\u3000", "\u2009"]
ADDED = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>", "<|mask|>", "ACME", "naïve"]


def make_line(rng):
    """One corpus line: words of one to three scripts joined by mostly ordinary spaces."""
    kinds = rng.sample(sorted(WORDS), rng.choice([1, 1, 2, 3]))
    n = rng.randint(1, 9)
    parts = []
    for i in range(n):
        parts.append(rng.choice(WORDS[rng.choice(kinds)]))
        parts.append(" " if rng.random() < 0.85 else rng.choice(ODD_SPACE))
    line = "".join(parts[:-1])
    r = rng.random()
    if r < 0.05:
        line = unicodedata.normalize("NFD", line)  # decomposed accents: the NFC normalizer must compose them
    elif r < 0.10:
        line = line + rng.choice([" ", "  ", "\t", "\r"])  # trailing whitespace
    elif r < 0.14:
        line = rng.choice(["\r\n", "\n", "\r", "\n\n", " \n "]).join([line, line[::-1]])
    elif r < 0.22:
        tok = rng.choice(ADDED)
        at = rng.randint(0, len(line))
        pad = rng.choice(["", " ", "  "])
        line = line[:at] + pad + tok + pad + line[at:]
    elif r < 0.24:
        line = "    " + line  # indentation
    return line


def corpus():
    rng = random.Random(17)
    lines = [make_line(rng) for _ in range(10_000)]
    lines += ["", " ", "\t", "\r", "a", "🏳️‍🌈", "nai\u0308ve", "ACMEACME ACME", "<|im_start|>user\nhi<|im_end|>",
              "naïve café", "  <|mask|>  ", "\u00e9\u0301", "😀" * 20, "x" * 300]
    return lines


def added_tokens():
    return [
        AddedToken("<|endoftext|>", special=True, normalized=False),
        AddedToken("<|im_start|>", special=True, normalized=False),
        AddedToken("<|im_end|>", special=True, normalized=False),
        AddedToken("<|mask|>", special=True, normalized=False, lstrip=True, rstrip=True),
        AddedToken("<think>", special=False, normalized=False),
        AddedToken("</think>", special=False, normalized=False),
        AddedToken("ACME", special=False, normalized=False, single_word=True),
        AddedToken("naïve", special=False, normalized=True),
    ]


def train_bytelevel(lines):
    tok = Tokenizer(models.BPE())
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(QWEN2_SPLIT), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    trainer = trainers.BpeTrainer(vocab_size=3000, min_frequency=2, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(lines, trainer)
    tok.add_tokens(added_tokens())
    return tok


def train_sentencepiece(lines):
    """LLaMA-2's layout: <unk> <s> </s>, the 256 <0xNN> byte pieces, then merged pieces."""
    tok = Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=True, fuse_unk=True))
    tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
    tok.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(),
                                     decoders.Strip(" ", 1, 0)])
    byte_pieces = [f"<0x{b:02X}>" for b in range(256)]
    trainer = trainers.BpeTrainer(vocab_size=2500, min_frequency=2, show_progress=False, limit_alphabet=160,
                                  special_tokens=["<unk>", "<s>", "</s>"] + byte_pieces)
    tok.train_from_iterator(lines, trainer)
    doc = json.loads(tok.to_str())
    doc["added_tokens"] = [t for t in doc["added_tokens"] if t["content"] not in byte_pieces]  # plain vocab entries
    tok = Tokenizer.from_str(json.dumps(doc))
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s> $B",
                                                       special_tokens=[("<s>", 1)])
    tok.add_tokens([AddedToken("<|mask|>", special=True, normalized=False, rstrip=True)])
    return tok


def metaspace_variant(sp):
    doc = json.loads(sp.to_str())
    doc["normalizer"] = None
    doc["pre_tokenizer"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": False}
    doc["decoder"] = {"type": "Sequence", "decoders": [
        {"type": "ByteFallback"}, {"type": "Fuse"},
        {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": False}]}
    return Tokenizer.from_str(json.dumps(doc))


def bytelevel_variant(bl, pre_tokenizer, ignore_merges=False):
    """The trained byte-level model behind another pre-tokenizer (GPT-2's, LLaMA-3's split)."""
    doc = json.loads(bl.to_str())
    doc["pre_tokenizer"] = pre_tokenizer
    doc["model"]["ignore_merges"] = ignore_merges
    return Tokenizer.from_str(json.dumps(doc))


LLAMA3_SPLIT = QWEN2_SPLIT.replace(r"\p{N}|", r"\p{N}{1,3}|")


def write_reference(name, tok, lines):
    with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
        f.write(tok.to_str(pretty=False))
    mismatches = {}
    with open(os.path.join(HERE, name + ".ids"), "w") as f:
        for i, line in enumerate(lines):
            ids = tok.encode(line, add_special_tokens=False).ids
            f.write(" ".join(map(str, ids)) + "\n")
            decoded = tok.decode(ids, skip_special_tokens=False)
            if decoded != line:
                mismatches[str(i)] = decoded
    with open(os.path.join(HERE, name + ".decode.json"), "w", encoding="utf-8") as f:
        json.dump(mismatches, f, ensure_ascii=False, indent=0, sort_keys=True)
    print(f"{name}: vocab {tok.get_vocab_size()}, {len(lines)} lines, {len(mismatches)} do not round-trip")


# Chat templates of the instruct families, transcribed from their tokenizer_config.json files with
# the tool-calling branches left out (a typed prompt never has tools).
LLAMA3_HEADERS = (
    r"""{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + """
    r"""message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}"""
    r"""{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}"""
    r"""{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}"""
)
CHATML_DEFAULT_SYSTEM = (
    r"""{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\n' + messages[0]['content'] + '<|im_end|>\n' }}"""
    r"""{%- else %}{{- '<|im_start|>system\nSYSTEM<|im_end|>\n' }}{%- endif %}"""
    r"""{%- for message in messages %}{%- if (message.role == "user") or (message.role == "system" and not loop.first) """
    r"""or (message.role == "assistant" and not message.tool_calls) %}"""
    r"""{{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}{%- endif %}{%- endfor %}"""
    r"""{%- if add_generation_prompt %}{{- '<|im_start|>assistant\n' }}{%- endif %}"""
)
QWEN3 = (
    r"""{%- if messages[0].role == 'system' %}{{- '<|im_start|>system\n' + messages[0].content + '<|im_end|>\n' }}{%- endif %}"""
    r"""{%- for message in messages %}{%- if (message.role == "user") or (message.role == "system" and not loop.first) %}"""
    r"""{{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}{%- endif %}{%- endfor %}"""
    r"""{%- if add_generation_prompt %}{{- '<|im_start|>assistant\n' }}"""
    r"""{%- if enable_thinking is defined and enable_thinking is false %}{{- '<think>\n\n</think>\n\n' }}{%- endif %}{%- endif %}"""
)
CHAT_FAMILIES = {
    "llada": (LLAMA3_HEADERS, "<|startoftext|>"),
    "qwen2": (CHATML_DEFAULT_SYSTEM.replace("SYSTEM", "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."),
              None),
    "dream": (CHATML_DEFAULT_SYSTEM.replace("SYSTEM", "You are a helpful assistant."), "<|beginoftext|>"),
    "qwen3": (QWEN3, None),
}
CHAT_PROMPTS = ["What is 2+2?", "  Write a haiku about diffusion.\n", "naïve 你好 🏳️‍🌈\tend", ""]


def write_chat(bytelevel_path):
    """Per family: tokenizer_config.json and transformers' apply_chat_template output."""
    from transformers import PreTrainedTokenizerFast

    os.makedirs(os.path.join(HERE, "chat"), exist_ok=True)
    for family, (template, bos) in CHAT_FAMILIES.items():
        config = {"chat_template": template, "bos_token": bos, "tokenizer_class": "PreTrainedTokenizerFast"}
        with open(os.path.join(HERE, "chat", family + ".tokenizer_config.json"), "w", encoding="utf-8") as f:
            json.dump(config, f, ensure_ascii=False, indent=1)
        tok = PreTrainedTokenizerFast(tokenizer_file=bytelevel_path, chat_template=template, bos_token=bos)
        cases = []
        for prompt in CHAT_PROMPTS:
            for system in [None, "Be brief."]:
                for thinking in [None, False] if family == "qwen3" else [None]:
                    messages = ([{"role": "system", "content": system}] if system else []) + [
                        {"role": "user", "content": prompt}]
                    extra = {} if thinking is None else {"enable_thinking": thinking}
                    text = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True, **extra)
                    cases.append({"user": prompt, "system": system, "thinking": thinking is not False, "expected": text})
        with open(os.path.join(HERE, "chat", family + ".expected.json"), "w", encoding="utf-8") as f:
            json.dump(cases, f, ensure_ascii=False, indent=1)
    print(f"chat: {len(CHAT_FAMILIES)} families")


def main():
    lines = corpus()
    with open(os.path.join(HERE, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    bl = train_bytelevel(lines)
    write_reference("bytelevel", bl, lines)
    gpt2 = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    write_reference("gpt2", bytelevel_variant(bl, gpt2), lines[:VARIANT_LINES])
    llama3 = {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": LLAMA3_SPLIT}, "behavior": "Isolated", "invert": False},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]}
    write_reference("llama3", bytelevel_variant(bl, llama3, ignore_merges=True), lines[:VARIANT_LINES])
    sp = train_sentencepiece(lines)
    write_reference("sentencepiece", sp, lines)
    write_reference("metaspace", metaspace_variant(sp), lines[:METASPACE_LINES])
    write_chat(os.path.join(HERE, "bytelevel.json"))


if __name__ == "__main__":
    main()
