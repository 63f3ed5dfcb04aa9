"""
Parity fixtures for the engine's tests, computed by PyTorch on the CPU in float32 with eager attention from the
exported float16 target (so the engine, which loads the same file, should match them up to float32 rounding):
a prompt's logits at every position, and the mean NLL of one window of validation text.
"""

import base64
import json
import math
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from transformers import LlamaForCausalLM

from configs import CONTEXT
from data import VALIDATION_TEXT, REPO, Corpus

PROMPT_TOKENS = 32


def float32_base64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype="<f4").tobytes()).decode("ascii")


@torch.no_grad()
def logits_of(model, ids: np.ndarray) -> torch.Tensor:
    """(T, V) float32 logits of one sequence, every position."""
    return model(input_ids=torch.from_numpy(ids)[None]).logits[0].float()


@torch.no_grad()
def transformers_agrees(folder: Path, model, ids: np.ndarray) -> float:
    """Max |difference| between our reload's logits and those of transformers' own from_pretrained on the
    exported folder: shows the folder is a checkpoint transformers reads the same way."""
    theirs = LlamaForCausalLM.from_pretrained(str(folder), attn_implementation="eager", local_files_only=True)
    theirs = theirs.float().eval()
    return (logits_of(theirs, ids) - logits_of(model, ids)).abs().max().item()


def write(model, name: str, folder: Path, corpus: Corpus, out: Path) -> dict:
    """Writes target-logits.json and target-perplexity.json into out; model is the float32 reload on the CPU."""
    out.mkdir(parents=True, exist_ok=True)
    prompt = corpus.validation_ids[:PROMPT_TOKENS]
    logits = logits_of(model, prompt).numpy()  # (32, V)
    (out / "target-logits.json").write_text(json.dumps({
        "model": name,
        "ids": prompt.tolist(),
        "logits": float32_base64(logits),
        "shape": list(logits.shape),
        "computed": "PyTorch float32 on the CPU, eager attention, from the exported float16 weights",
    }) + "\n")

    window = corpus.validation_ids[:CONTEXT]
    nll = F.cross_entropy(logits_of(model, window)[:-1], torch.from_numpy(window[1:]), reduction="none")
    mean_nll = nll.double().mean().item()
    text = corpus.tokenizer.decode(window.tolist(), skip_special_tokens=False)
    if not corpus.validation_text.startswith(text):
        raise RuntimeError("the first window's ids do not decode to the start of the validation text")
    (out / "target-perplexity.json").write_text(json.dumps({
        "model": name,
        "text_file": str(VALIDATION_TEXT.relative_to(REPO)),
        "chars": len(text),
        "text": text,
        "ids": window.tolist(),
        "mean_nll": mean_nll,
        "perplexity": math.exp(mean_nll),
        "positions": f"NLL of ids[1..{CONTEXT - 1}], each given all ids before it in this one window",
    }, indent=2) + "\n")
    return {"tokens": CONTEXT, "mean_nll": mean_nll, "perplexity": math.exp(mean_nll),
            "transformers_max_abs_diff": transformers_agrees(folder, model, prompt)}
