"""
Trains the shipped models' tokenizer: byte-level BPE (GPT-2's scheme) on training/data/train.txt, with Hugging
Face `tokenizers`. Mirrored, for encoding in the browser, by engine/model/bpe-tokenizer.ts.

No normalizer and no prefix space, so encode then decode gives back any text exactly. One special token,
<|endoftext|>, always id 0 (the trainer places special tokens first); the 256 byte symbols follow, then merges.

    python3 training/tokenizer.py --vocab 2048 --out tokenizer.json --ids-out validation-ids.json
    python3 training/tokenizer.py --sweep 1024,2048,4096   # characters per token on validation, per size
"""

import argparse
import hashlib
import json
from pathlib import Path

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

DATA = Path(__file__).resolve().parent / "data"
END_OF_TEXT = "<|endoftext|>"


def train(text: str, vocab_size: int) -> Tokenizer:
    """A byte-level BPE tokenizer of vocab_size ids (the special token and the 256 bytes included)."""
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        special_tokens=[END_OF_TEXT],
        show_progress=False,
    )
    # The whole text as one sequence, so training sees exactly the pre-tokens that encoding it would.
    tokenizer.train_from_iterator([text], trainer=trainer)
    if tokenizer.token_to_id(END_OF_TEXT) != 0:
        raise RuntimeError(f"{END_OF_TEXT} is not id 0")
    return tokenizer


def encode_checked(tokenizer: Tokenizer, text: str) -> list[int]:
    """The ids of text, after checking that they decode back to it exactly."""
    ids = tokenizer.encode(text).ids
    if tokenizer.decode(ids) != text:
        raise RuntimeError("encode then decode does not give the text back")
    return ids


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vocab", type=int, default=2048, help="vocabulary size (default 2048)")
    parser.add_argument("--out", type=Path, default=Path("tokenizer.json"), help="where to save tokenizer.json")
    parser.add_argument("--ids-out", type=Path, help="write the ids of validation.txt here, as JSON")
    parser.add_argument("--sweep", help="comma-separated sizes: train each, print characters per token")
    args = parser.parse_args()

    train_text = (DATA / "train.txt").read_text(encoding="utf-8")
    validation_bytes = (DATA / "validation.txt").read_bytes()
    validation = validation_bytes.decode("utf-8")

    if args.sweep:
        for size in (int(s) for s in args.sweep.split(",")):
            ids = encode_checked(train(train_text, size), validation)
            print(f"vocab {size:>6}: {len(ids):>7} tokens, {len(validation) / len(ids):.3f} characters per token")
        return

    tokenizer = train(train_text, args.vocab)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(args.out))
    ids = encode_checked(tokenizer, validation)
    print(f"{args.out}: vocab {tokenizer.get_vocab_size()}, {len(validation) / len(ids):.3f} characters per token")
    if args.ids_out:
        record = {
            "tokenizer_sha256": sha256(args.out.read_bytes()),
            "text_sha256": sha256(validation_bytes),
            "ids": ids,
        }
        args.ids_out.parent.mkdir(parents=True, exist_ok=True)
        args.ids_out.write_text(json.dumps(record, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"{args.ids_out}: {len(ids)} ids of validation.txt")


if __name__ == "__main__":
    main()
