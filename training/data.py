"""
The corpus as token ids: runs training/tokenizer.py (its CLI, so that file stays its owner's), encodes the train
and validation splits, draws random training windows and cuts the validation split into scoring windows.
"""

import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer

from configs import CONTEXT

TRAINING = Path(__file__).resolve().parent
REPO = TRAINING.parent
TRAIN_TEXT = TRAINING / "data" / "train.txt"
VALIDATION_TEXT = TRAINING / "data" / "validation.txt"


@dataclass
class Corpus:
    tokenizer: Tokenizer
    tokenizer_path: Path
    vocab_size: int
    train_ids: np.ndarray  # (n_train,) int64
    validation_ids: np.ndarray  # (n_val,) int64
    validation_text: str
    files: dict  # per split: repository path, characters, sha256


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_tokenizer(vocab: int, tokenizer_path: Path, ids_path: Path) -> None:
    """Trains the byte-level BPE with training/tokenizer.py, which also writes the validation text's ids."""
    command = [sys.executable, str(TRAINING / "tokenizer.py"), "--vocab", str(vocab),
               "--out", str(tokenizer_path), "--ids-out", str(ids_path)]
    subprocess.run(command, check=True, cwd=REPO)


def ids_in(path: Path) -> list[int]:
    """The ids a tokenizer.py --ids-out file holds (its "ids" list)."""
    return json.loads(path.read_text(encoding="utf-8"))["ids"]


def load(tokenizer_path: Path, ids_path: Path) -> Corpus:
    """Encodes both splits; checks that the ids agree with tokenizer.py's and that the validation text
    round-trips through decode, as the engine's tokenizer test and perplexity fixture assume."""
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    train_text = TRAIN_TEXT.read_text(encoding="utf-8")
    validation_text = VALIDATION_TEXT.read_text(encoding="utf-8")
    train_ids = tokenizer.encode(train_text, add_special_tokens=False).ids
    validation_ids = tokenizer.encode(validation_text, add_special_tokens=False).ids
    if ids_in(ids_path) != validation_ids:
        raise RuntimeError(f"{ids_path} does not hold the ids this tokenizer gives the validation text")
    if tokenizer.decode(validation_ids, skip_special_tokens=False) != validation_text:
        raise RuntimeError("the tokenizer does not round-trip the validation text")
    files = {
        name: {"path": str(path.relative_to(REPO)), "chars": len(text), "sha256": sha256(path)}
        for name, path, text in (("train", TRAIN_TEXT, train_text), ("validation", VALIDATION_TEXT, validation_text))
    }
    return Corpus(
        tokenizer=tokenizer,
        tokenizer_path=tokenizer_path,
        vocab_size=tokenizer.get_vocab_size(with_added_tokens=True),
        train_ids=np.asarray(train_ids, dtype=np.int64),
        validation_ids=np.asarray(validation_ids, dtype=np.int64),
        validation_text=validation_text,
        files=files,
    )


class Batches:
    """Random CONTEXT-token windows of the train ids. Offsets come from a seeded CPU generator, so the sequence
    of batches is the same on every device, and two runs with one seed see the same data in the same order."""

    def __init__(self, ids: np.ndarray, batch_size: int, seed: int, device: torch.device):
        self.ids = torch.from_numpy(ids).to(device)
        self.batch_size = batch_size
        self.generator = torch.Generator().manual_seed(seed)
        self.span = torch.arange(CONTEXT + 1, device=device)

    def next(self) -> tuple[torch.Tensor, torch.Tensor]:
        """(inputs, next-token targets), each (B, S)."""
        starts = torch.randint(0, len(self.ids) - CONTEXT, (self.batch_size,), generator=self.generator)
        rows = self.ids[starts.to(self.span.device)[:, None] + self.span]  # (B, S+1)
        return rows[:, :-1], rows[:, 1:]


def scoring_windows(ids: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Non-overlapping windows over the whole split, (inputs, targets) with targets = inputs shifted by one, so
    every token after the first is predicted exactly once, from up to CONTEXT - 1 tokens of its own window.
    All windows are CONTEXT long except possibly the last."""
    windows = []
    for start in range(0, len(ids) - 1, CONTEXT):
        end = min(start + CONTEXT, len(ids) - 1)
        windows.append((ids[start:end], ids[start + 1:end + 1]))
    return windows
