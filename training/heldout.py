"""
Writes public/data/heldout.txt, the held-out text lesson 4 scores in the reader's browser: the start of
training/data/validation.txt (unseen in training), cut at the last line break before 16,000 characters. That is
more than the eight 256-token windows the widget scores; training/quantized_perplexity.py scores the same windows.

    python3 training/heldout.py
"""

from pathlib import Path

TRAINING = Path(__file__).resolve().parent
SOURCE = TRAINING / "data" / "validation.txt"
OUT = TRAINING.parent / "public" / "data" / "heldout.txt"
CHARACTERS = 16_000


def main() -> None:
    text = SOURCE.read_text(encoding="utf-8")[:CHARACTERS]
    text = text[: text.rfind("\n") + 1]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"Wrote {OUT.relative_to(TRAINING.parent)}: {len(text)} characters")


if __name__ == "__main__":
    main()
