"""
Perplexity of the shipped target under each of the engine's weight schemes (lesson 4): every transformer block's
linear weight (q, k, v, o, gate, up, down) is replaced by what the scheme stores, quantize then dequantize with
training/quantize.py (byte for byte the engine's engine/quant/quantize.ts); the embedding, its tied output head
and the norms stay as shipped, as the engine leaves them. Each model is then scored in float32 with eager
attention (no TF32):

- on the window of the perplexity fixture (training/fixtures/target-perplexity.json: the first 256 validation
  ids, NLL of ids 1…255, each given everything before it), the numbers the engine's CPU test reproduces;
- on the first eight 256-token windows of the validation split, each scored on its own: what lesson 4's widget
  scores in the browser (public/data/heldout.txt is the start of validation.txt; the engine's score-text job cuts
  its tokens into the same windows);
- on the whole validation split (training/fixtures/validation-ids.json) in non-overlapping 256-token windows,
  as training/scoring.py scores it, where differences of a few hundredths of a nat are above the noise.

The shipped weights are float16, so the f32 and f16 schemes are the same model; both are listed because the
engine offers both. Writes training/fixtures/quantized-perplexity.json.

    python3 training/quantized_perplexity.py        # from the repository root; PyTorch, transformers, tokenizers

It needs the packages train.py needs and no network; --device cpu works (under a minute on 16 cores).
"""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing is ever fetched; set before transformers is imported

import argparse
import hashlib
import json
import math
import re
import shlex
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
import transformers

from configs import Architecture
from export import reload
from quantize import LESSON_SCHEMES, IntScheme, dequantize_matrix, int_layout, quantize_matrix
from scoring import total_nll

TRAINING = Path(__file__).resolve().parent
REPO = TRAINING.parent
MODEL = REPO / "public" / "models" / "austen-target"
FIXTURES = TRAINING / "fixtures"

# The engine's schemes in lesson 4's order: name (engine/quant/scheme.ts schemeName) and what is stored.
SCHEMES: tuple[tuple[str, IntScheme | str], ...] = (
    ("f32", "f32"),
    ("f16", "f16"),
    *((s.name, s) for s in LESSON_SCHEMES),
)

BLOCK_LINEAR = re.compile(r"model\.layers\.\d+\.(self_attn\.[qkvo]_proj|mlp\.(gate|up|down)_proj)\.weight")

# Windows lesson 4's widget scores in the browser, each of this many tokens.
HELDOUT_WINDOWS = 8
WINDOW = 256

# The float32 baseline must reproduce the fixture's mean NLL, computed on the CPU, up to float32 rounding.
BASELINE_TOLERANCE = 1e-4


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=MODEL, help="the exported target's folder")
    parser.add_argument("--out", type=Path, default=FIXTURES / "quantized-perplexity.json")
    parser.add_argument("--device", choices=["cuda", "cpu"], default="cuda" if torch.cuda.is_available() else "cpu")
    return parser.parse_args()


def load_target(folder: Path, device: torch.device) -> torch.nn.Module:
    """The exported float16 target in a float32 model with eager attention (export.reload), shaped by its
    config.json."""
    config = json.loads((folder / "config.json").read_text())
    arch = Architecture(**{field: config[field] for field in Architecture.__dataclass_fields__})
    return reload(arch, config["vocab_size"], folder, device)


def stored(weight: np.ndarray, scheme: IntScheme | str) -> tuple[np.ndarray, int]:
    """weight (O, I) float32 as the scheme stores it, back in float32, and the bytes it takes."""
    O, I = weight.shape
    if scheme == "f32":
        return weight, O * I * 4
    if scheme == "f16":
        return weight.astype(np.float16).astype(np.float32), O * I * 2
    words = quantize_matrix(weight, scheme.bits, scheme.group, scheme.zero_point)
    assert words.size == int_layout(O, I, scheme.bits, scheme.group, scheme.zero_point).words
    return dequantize_matrix(words, O, I, scheme.bits, scheme.group, scheme.zero_point), words.size * 4


@torch.no_grad()
def window_nll(model, ids: np.ndarray, device: torch.device) -> tuple[float, int]:
    """Mean NLL of ids[1:], each given all ids before it in this one window (as training/fixtures.py computes
    target-perplexity.json), and the tokens scored."""
    logits = model(input_ids=torch.from_numpy(ids)[None].to(device)).logits[0].float()  # (T, V)
    targets = torch.from_numpy(ids[1:]).to(device)
    nll = F.cross_entropy(logits[:-1], targets, reduction="none")
    return nll.double().mean().item(), len(ids) - 1


def repository_path(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def device_name(device: torch.device) -> str:
    return torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"


def main() -> None:
    args = parse_args()
    device = torch.device(args.device)
    torch.set_float32_matmul_precision("highest")  # float32 means float32 (no TF32)
    command = shlex.join(["python3", *sys.argv])
    print(f"{command}\n{device_name(device)}, torch {torch.__version__}, transformers {transformers.__version__}",
          flush=True)

    window_fixture = json.loads((FIXTURES / "target-perplexity.json").read_text())
    window = np.asarray(window_fixture["ids"], dtype=np.int64)
    validation = np.asarray(json.loads((FIXTURES / "validation-ids.json").read_text())["ids"], dtype=np.int64)
    if not np.array_equal(validation[:len(window)], window):
        raise RuntimeError("the perplexity fixture's window is not the start of validation-ids.json")

    model = load_target(args.model, device)
    linears = {name: p for name, p in model.named_parameters() if BLOCK_LINEAR.fullmatch(name)}
    layers = model.config.num_hidden_layers
    if len(linears) != 7 * layers:
        raise RuntimeError(f"found {len(linears)} block linear weights, expected 7 per layer ({7 * layers})")
    originals = {name: p.detach().clone() for name, p in linears.items()}
    weights = sum(p.numel() for p in linears.values())

    results = []
    for name, scheme in SCHEMES:
        stored_bytes = 0
        with torch.no_grad():
            for key, p in linears.items():
                values, size = stored(originals[key].float().cpu().numpy(), scheme)
                p.copy_(torch.from_numpy(values).to(device))
                stored_bytes += size
        nats, tokens = window_nll(model, window, device)
        heldout = [window_nll(model, validation[k * WINDOW:(k + 1) * WINDOW], device) for k in range(HELDOUT_WINDOWS)]
        heldout_tokens = sum(n for _, n in heldout)
        heldout_nats = sum(m * n for m, n in heldout) / heldout_tokens
        whole, whole_tokens = total_nll(model, validation, device, mixed=False)
        results.append({
            "scheme": name,
            "bits_per_weight": stored_bytes * 8 / weights,
            "nats_per_token": nats,
            "perplexity": math.exp(nats),
            "tokens_scored": tokens,
            "heldout": {"nats_per_token": heldout_nats, "perplexity": math.exp(heldout_nats),
                        "tokens_scored": heldout_tokens},
            "validation": {"nats_per_token": whole / whole_tokens, "perplexity": math.exp(whole / whole_tokens),
                           "tokens_scored": whole_tokens},
        })
        print(f"   {name:<17} {stored_bytes * 8 / weights:6.3f} bits/weight   window {nats:.4f} nats/token "
              f"(perplexity {math.exp(nats):.2f})   validation {whole / whole_tokens:.4f} "
              f"(perplexity {math.exp(whole / whole_tokens):.2f})", flush=True)
        with torch.no_grad():
            for key, p in linears.items():
                p.copy_(originals[key])
        if name == "f32":
            baseline = nats - window_fixture["mean_nll"]
            if abs(baseline) > BASELINE_TOLERANCE:
                raise RuntimeError(f"the f32 baseline differs from target-perplexity.json's mean_nll by "
                                   f"{baseline:.2e} nats/token: this is not the model the fixture scored")

    model_file = args.model / "model.safetensors"
    out = {
        "model": repository_path(model_file),
        "model_sha256": hashlib.sha256(model_file.read_bytes()).hexdigest(),
        "quantized": f"the {len(linears)} transformer-block linear weights ({weights:,} parameters: q, k, v, o, "
                     f"gate, up, down), each quantized and dequantized by training/quantize.py; the embedding, "
                     f"its tied output head and the norms as shipped (float16 values)",
        "window": "training/fixtures/target-perplexity.json ids: mean NLL of ids[1..255], each given every id "
                  "before it in that one window",
        "heldout": f"the first {HELDOUT_WINDOWS} non-overlapping {WINDOW}-token windows of validation-ids.json, "
                   f"each scored on its own, as the engine's score-text job scores public/data/heldout.txt",
        "validation": "training/fixtures/validation-ids.json, the whole split in non-overlapping 256-token "
                      "windows (training/scoring.py)",
        "baseline_minus_fixture": baseline,
        "computed": "PyTorch float32, eager attention, TF32 off",
        "command": command,
        "device": device_name(device),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "schemes": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    print(f"f32 baseline - fixture: {baseline:.2e} nats/token\nWrote {args.out}")


if __name__ == "__main__":
    main()
