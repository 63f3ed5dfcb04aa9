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
engine offers both.

Then the widget's last three rows, each as the engine computes it:

- W8A8 and "W8A8 + f32 outliers ≥ 6": the block linears stored as int8 per channel (the same bytes), and every
  product computed as training/llm_int8.py defines it: each call's activations quantized to int8 per token, and,
  with the threshold, the input features reaching it in any token of that window multiplied in float32 (LLM.int8(),
  Dettmers et al. 2022). The engine scores one window per forward call, so the outlier columns are found per
  window here too, also where training/scoring.py batches windows. The integer part is an exact float64 product of
  integers; the rest is float64, rounded to float32 once.
- "AWQ int4 g128": the engine's calibration (engine/quant/calibrate-awq.ts, as lesson 4's widget asks for it) in
  numpy with training/awq.py: the f32 model run by training/activation_stats.py over the held-out text from token
  2048 on (the eight scored windows skipped) in two 256-token windows, validation-ids.json[2048:2560], which the
  engine's tokenizer gives for public/data/heldout.txt (engine/quant/awq-parity.test.ts checks that); the
  exponents searched on the first 16 rows, the scales folded into the norm gains and the up rows, then int4 g128 by
  training/quantize.py. Its norm gains stay as folded (float32), as the engine keeps them.

Writes training/fixtures/quantized-perplexity.json.

    python3 training/quantized_perplexity.py        # from the repository root; PyTorch, transformers, tokenizers

It needs the packages train.py needs and no network; --device cpu works (a few minutes on 16 cores: AWQ's search
takes about half a minute of numpy, and W8A8 runs in float64).
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
import types
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
import transformers

import awq
from activation_stats import Config, read_model
from configs import Architecture
from export import reload
from llm_int8 import int8_weight
from quantize import LESSON_SCHEMES, IntScheme, dequantize_matrix, int_layout, quantize_matrix
from scoring import total_nll

TRAINING = Path(__file__).resolve().parent
REPO = TRAINING.parent
MODEL = REPO / "public" / "models" / "prose-target"
FIXTURES = TRAINING / "fixtures"



@dataclass(frozen=True)
class W8A8:
    """engine/quant/scheme.ts's W8A8Scheme: int8 per-channel weights, int8 per-token activations; with a threshold,
    LLM.int8()'s float32 outlier columns."""

    threshold: float | None

    @property
    def name(self) -> str:
        return "W8A8" if self.threshold is None else f"W8A8 + f32 outliers ≥ {self.threshold:g}"


@dataclass(frozen=True)
class Awq:
    """AWQ's scales, calibrated as the quality widget asks the engine to, folded in before the integer scheme."""

    scheme: IntScheme

    @property
    def name(self) -> str:
        return f"AWQ {self.scheme.name}"


INT8_ROW = IntScheme(8, "row", False)  # how W8A8 stores its weights
AWQ_SKIP_TOKENS = 8 * 256  # the widget's skipTokens: the eight windows it may score

Scheme = IntScheme | W8A8 | Awq | str

# The engine's schemes in lesson 4's order: name (engine/quant/scheme.ts schemeName) and what is stored.
SCHEMES: tuple[tuple[str, Scheme], ...] = (
    ("f32", "f32"),
    ("f16", "f16"),
    *((s.name, s) for s in LESSON_SCHEMES),
    *((s.name, s) for s in (W8A8(None), W8A8(6.0), Awq(IntScheme(4, 128, False)))),
)

BLOCK_LINEAR = re.compile(r"model\.layers\.\d+\.(self_attn\.[qkvo]_proj|mlp\.(gate|up|down)_proj)\.weight")
BLOCK_NORM = re.compile(r"model\.layers\.\d+\.(input_layernorm|post_attention_layernorm)\.weight")

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


def w8a8_product(x: torch.Tensor, codes: torch.Tensor, weight_scales: torch.Tensor,
                 threshold: float | None) -> torch.Tensor:
    """training/llm_int8.py's int8_matmul per token in PyTorch: x (T, I) float32, the rows of one window; codes
    (O, I) float64 holding the weight's int8 codes; weight_scales (O) float32. Returns (T, O) float32."""
    I = x.shape[1]
    kept = torch.ones(I, dtype=torch.bool, device=x.device)
    if threshold is not None:
        kept &= ~(x.abs() >= threshold).any(dim=0)  # outlier columns: reach the threshold in any row
    absmax = torch.where(kept, x.abs(), torch.zeros_like(x)).amax(dim=1)  # (T)
    scales = absmax / torch.tensor(127, dtype=torch.float32, device=x.device)  # float32 division
    silent = scales == 0
    steps = torch.round(x / torch.where(silent, torch.ones_like(scales), scales)[:, None])  # ties to even
    x_codes = torch.clamp(steps, -127, 127) * kept * ~silent[:, None]  # 0 in outlier columns and silent rows
    acc = x_codes.double() @ codes.T  # (T, O): integer dot products, exact in float64
    both = (scales[:, None] * weight_scales[None, :]).double()  # each product rounded to float32 first
    outlier_weight = (weight_scales[:, None] * codes[:, ~kept].float()).double()  # (O, n), f32 dequantized
    rest = x[:, ~kept].double() @ outlier_weight.T  # (T, O)
    return (acc * both + rest).float()


def w8a8_forward(words: np.ndarray, O: int, I: int, threshold: float | None, device: torch.device):
    """A forward for a linear module whose weight is stored as words (int8 per channel), computing W8A8 as the
    engine does: each window of the input (B, T, I) on its own, as the engine scores one window per call."""
    codes, scales = int8_weight(words, O, I)
    codes = torch.from_numpy(codes.astype(np.float64)).to(device)
    scales = torch.from_numpy(scales).to(device)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        windows = x.reshape(-1, *x.shape[-2:]).float()  # (B, T, I)
        out = torch.stack([w8a8_product(window, codes, scales, threshold) for window in windows])
        return out.reshape(*x.shape[:-1], O)

    return forward


def prepare(scheme: Scheme, config: Config, weights: dict[str, np.ndarray], validation: np.ndarray,
            device: torch.device) -> tuple[dict[str, np.ndarray], dict, int, dict]:
    """What the scheme makes of the model's weights (float32 numpy, every tensor under its name): the values to
    load into the block tensors (the linears dequantized; AWQ's folded norm gains too), W8A8 forwards per linear,
    the bytes the linears take, and what else to report."""
    base = scheme.scheme if isinstance(scheme, Awq) else INT8_ROW if isinstance(scheme, W8A8) else scheme
    values, forwards, stored_bytes, extra = {}, {}, 0, {}
    if isinstance(scheme, Awq):
        weights, alphas = awq.calibrated(config, weights, validation, scheme.scheme, AWQ_SKIP_TOKENS)
        values.update({key: weights[key] for key in weights if BLOCK_NORM.fullmatch(key)})
        extra["awq_alphas"] = alphas
    for key, weight in weights.items():
        if not BLOCK_LINEAR.fullmatch(key):
            continue
        values[key], size = stored(weight, base)
        stored_bytes += size
        if isinstance(scheme, W8A8):
            words = quantize_matrix(weight, 8, "row", False)
            forwards[key] = w8a8_forward(words, *weight.shape, scheme.threshold, device)
    return values, forwards, stored_bytes, extra


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
    params = dict(model.named_parameters())
    linears = {name: p for name, p in params.items() if BLOCK_LINEAR.fullmatch(name)}
    layers = model.config.num_hidden_layers
    if len(linears) != 7 * layers:
        raise RuntimeError(f"found {len(linears)} block linear weights, expected 7 per layer ({7 * layers})")
    weights = sum(p.numel() for p in linears.values())
    config, shipped = read_model(args.model)  # float32 numpy, as the engine loads them; the model's values exactly
    block = {key: shipped[key] for key in shipped if BLOCK_LINEAR.fullmatch(key) or BLOCK_NORM.fullmatch(key)}
    if set(linears) - set(block) or any(not torch.equal(params[key].cpu(), torch.from_numpy(block[key]))
                                        for key in block):
        raise RuntimeError("the model's block weights are not model.safetensors' values")
    originals = {key: params[key].detach().clone() for key in block}

    results = []
    for name, scheme in SCHEMES:
        values, forwards, stored_bytes, extra = prepare(scheme, config, shipped, validation, device)
        with torch.no_grad():
            for key, value in values.items():
                params[key].copy_(torch.from_numpy(value).to(device))
        for key, forward in forwards.items():
            module = model.get_submodule(key.removesuffix(".weight"))
            module.forward = types.MethodType(forward, module)
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
            **extra,
        })
        print(f"   {name:<24} {stored_bytes * 8 / weights:6.3f} bits/weight   window {nats:.4f} nats/token "
              f"(perplexity {math.exp(nats):.2f})   validation {whole / whole_tokens:.4f} "
              f"(perplexity {math.exp(whole / whole_tokens):.2f})", flush=True)
        for key in forwards:
            del model.get_submodule(key.removesuffix(".weight")).forward  # back to the class's forward
        with torch.no_grad():
            for key, p in originals.items():
                params[key].copy_(p)
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
                     f"its tied output head and the norms as shipped (float16 values); for W8A8 and AWQ, see "
                     f"w8a8 and awq",
        "w8a8": "int8 per channel weights (training/quantize.py), int8 activations per token, every product by "
                "training/llm_int8.py's definition in PyTorch (integer part exact in float64); the threshold's "
                "outlier columns found per window and multiplied in float32",
        "awq": f"training/awq.py (the engine's engine/quant/awq.ts): statistics by training/activation_stats.py "
               f"over validation-ids.json[{AWQ_SKIP_TOKENS}:{AWQ_SKIP_TOKENS + awq.CALIBRATION_WINDOWS * WINDOW}] "
               f"(the widget's held-out text after {AWQ_SKIP_TOKENS} tokens, two windows), exponents searched on "
               f"the first {awq.CALIBRATION_ROWS} rows (awq_alphas per layer and site), scales folded into the "
               f"norm gains and up rows, then int4 g128",
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
