"""
SentencePiece-style tokenizer.json files, the layout Llama 2, Mistral and TinyLlama ship (a BPE over characters with
spaces written as "▁", and bytes for characters outside the vocabulary), written by Hugging Face `tokenizers` itself,
with the ids and text it gives for test strings: the fixtures of the engine's reader of these files (issue 21).

    python3 training/sentencepiece_tokenizers.py --out training/fixtures/tokenizers

writes `<out>/<layout>/tokenizer.json` and `<out>/<layout>.ids.json` for each layout below. The vocabulary is
learned from this project's validation text (a BPE trainer, not SentencePiece's, which is not needed: the engine
reads the file, however its merges were found); it is laid out as Llama 2's is: <unk>, <s>, </s>, then the 256 byte
tokens <0x00>…<0xFF>, then the learned pieces.
"""

import argparse
import hashlib
import json
from pathlib import Path

import tokenizers
from tokenizers import AddedToken, Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import BPE
from tokenizers.trainers import BpeTrainer

REPO = Path(__file__).resolve().parent.parent
TEXT = REPO / "training/data/validation.txt"
SPECIALS = ["<unk>", "<s>", "</s>"]
BYTES = [f"<0x{b:02X}>" for b in range(256)]
VOCAB_SIZE = 2048
# Few characters of the alphabet, so that accents, dashes and quotes fall back to bytes too.
ALPHABET = 72

# Strings that reach the corners: spaces at either end and in runs, lines, characters only bytes can spell, the
# special tokens inside text, a "▁" the text already has, a combining accent, and a long run of one letter.
CASES = [
    "",
    "Hello world",
    " leading space",
    "trailing space ",
    "two  spaces and   three",
    "   ",
    "\n",
    "line one\nline two\n\n\tindented",
    "café naïve — “quoted” ’tis",
    "日本語のテキスト",
    "emoji 🤖 and 👩‍💻 joined",
    "<s>Hello</s> world <unk>",
    "x<s> y</s>",
    "▁already ▁▁ metaspace▁",
    "e\u0301 combining, \u00a0no-break",
    "a" * 300,
    "It is a truth universally acknowledged, that",
]


def sp_decoder():
    """Llama 2's decoder: "▁" back to a space, byte tokens to bytes, then the space the encoder put first removed."""
    return decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(),
                              decoders.Strip(" ", 1, 0)])


LAYOUTS = {
    # Llama 2 and TinyLlama as converted by transformers' LlamaConverter (legacy): "▁" prepended to every stretch of
    # text between special tokens by the normalizer, no pre-tokenizer.
    "llama2-legacy": dict(
        normalizer=lambda: normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")]),
        pre_tokenizer=lambda: None),
    # Mistral's and the non-legacy converter's: a Metaspace pre-tokenizer that prepends "▁" only at the very start.
    "metaspace-first": dict(
        normalizer=lambda: None,
        pre_tokenizer=lambda: pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first", split=False)),
    # Metaspace prepending to every stretch and splitting words at each "▁" (merges then never cross a word).
    "metaspace-split": dict(
        normalizer=lambda: None,
        pre_tokenizer=lambda: pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)),
}


def learned_pieces(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Pieces and merges a BPE learns from `text`'s lines with spaces written as "▁", merging within words."""
    learner = Tokenizer(BPE())
    learner.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    trainer = BpeTrainer(vocab_size=VOCAB_SIZE - len(SPECIALS) - len(BYTES), limit_alphabet=ALPHABET,
                         show_progress=False)
    learner.train_from_iterator(text.splitlines(), trainer)
    model = json.loads(learner.to_str())["model"]
    pieces = sorted(model["vocab"], key=model["vocab"].get)
    merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in model["merges"]]
    return pieces, merges


def build(layout: dict, pieces: list[str], merges: list[tuple[str, str]]) -> Tokenizer:
    vocab = {token: i for i, token in enumerate(SPECIALS + BYTES)}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    tokenizer = Tokenizer(BPE(vocab=vocab, merges=merges, unk_token="<unk>", fuse_unk=True, byte_fallback=True))
    tokenizer.add_special_tokens([AddedToken(t, normalized=False, special=True) for t in SPECIALS])
    if (normalizer := layout["normalizer"]()) is not None:
        tokenizer.normalizer = normalizer
    if (pre := layout["pre_tokenizer"]()) is not None:
        tokenizer.pre_tokenizer = pre
    tokenizer.decoder = sp_decoder()
    tokenizer.post_processor = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s> $B",
                                                             special_tokens=[("<s>", 1)])
    return tokenizer


def record(tokenizer: Tokenizer, text: str) -> dict:
    ids = tokenizer.encode(text, add_special_tokens=False).ids
    return {"text": text, "ids": ids, "decoded": tokenizer.decode(ids, skip_special_tokens=False)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    out = parser.parse_args().out
    text = TEXT.read_text(encoding="utf-8")
    pieces, merges = learned_pieces(text)
    validation = text[:20000]
    for name, layout in LAYOUTS.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        tokenizer = build(layout, pieces, merges)
        tokenizer.save(str(folder / "tokenizer.json"))
        saved = (folder / "tokenizer.json").read_bytes()
        cases = [record(tokenizer, case) for case in CASES]
        fixture = {
            "tokenizers": tokenizers.__version__,
            "tokenizer_sha256": hashlib.sha256(saved).hexdigest(),
            "vocab_size": tokenizer.get_vocab_size(),
            "cases": cases,
            "validation": {"chars": len(validation), **record(tokenizer, validation)},
        }
        del fixture["validation"]["text"]
        (out / f"{name}.ids.json").write_text(json.dumps(fixture, ensure_ascii=False) + "\n", encoding="utf-8")
        print(name, fixture["vocab_size"], "tokens;", len(fixture["validation"]["ids"]), "validation ids")


if __name__ == "__main__":
    main()
