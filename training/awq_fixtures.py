"""
Writes training/fixtures/awq-parity.json: what training/awq.py makes of given activation statistics, for
engine/quant/awq-parity.test.ts to compare with engine/quant/awq.ts on the same input.

The parity is defined where it can be exact: given the same float32 statistics (mean |x| per channel), the same
float32 calibration rows and the same float32 weights, both find the same loss at every alpha (float64, to the
bit), hence the same alpha, the same float32 scales, the same folded float32 weights and the same quantized words.
The statistics themselves come from a forward pass, whose float sums numpy and JavaScript take in different orders,
so they are not compared here; they are written into the fixture and both sides start from them.

Two kinds of case:

- "target": layers of the shipped target at every site, with the statistics of lesson 4's calibration (the widget's
  held-out text from token 2048 on, two 256-token windows: validation-ids.json[2048:2560], which the engine's
  tokenizer gives for public/data/heldout.txt, as the test checks) computed by activation_stats.calibration_forward,
  stored as base64 float32; the rows are ROWS_FORMULA of those statistics (so the fixture stays small), and the
  scheme is int4 g128, the widget's. Per layer: each site's alpha, losses and scales, then every tensor AWQ folds,
  and all seven linear layers' int4 g128 words.
- "synthetic": small matrices from LCG formulas, one silent channel, other integer schemes; search only.

Hashes are SHA-256 of little-endian bytes (float32, uint32). Losses are written as JSON numbers (Python's
shortest round-trip repr), which JavaScript parses to the same float64.

    python3 training/awq_fixtures.py        # from the repository root; needs only numpy (about a minute)
"""

import argparse
import base64
import hashlib
import json
from pathlib import Path

import numpy as np

import awq
from activation_stats import SITES, Calibration, Recorder, calibration_forward, layer_key, read_model
from quantize import IntScheme, quantize_matrix
from quantize_fixtures import dumps, int_scheme, sha256_le

TRAINING = Path(__file__).resolve().parent
REPO = TRAINING.parent
MODEL = REPO / "public" / "models" / "prose-target"
OUT = TRAINING / "fixtures" / "awq-parity.json"

TARGET_LAYERS = (0, 5)
TARGET_SCHEME = "int4 g128"
SKIP_TOKENS = 8 * 256  # the quality widget's skipTokens: MAX_WINDOWS windows of 256 tokens
ROWS = 4
ROWS_FORMULA = ("u(n) = ((x(n) >> 8) - 2^23) / 2^23 with x(0) = seed, x(n+1) = (1664525 x(n) + 1013904223) mod 2^32, "
                "one step per value, row-major; row[t, i] = f32(u(t I + i) * m[i]) * 4, m the site's mean |x|")
FIRST = 4  # leading scales written out, for a readable diff

TENSORS = ("input_layernorm", "post_attention_layernorm", "self_attn.q_proj", "self_attn.k_proj",
           "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj")
LINEARS = TENSORS[2:]


def lcg_unit(count: int, seed: int) -> np.ndarray:
    """count float32 values in [-1, 1), each exact: ((x >> 8) - 2^23) / 2^23 for x stepping the LCG from seed."""
    x = seed
    out = np.empty(count, dtype=np.float64)
    for n in range(count):
        x = (1664525 * x + 1013904223) & 0xFFFFFFFF
        out[n] = ((x >> 8) - 2 ** 23) / 2 ** 23
    return out.astype(np.float32)


def formula_rows(mean_abs: np.ndarray, T: int, seed: int) -> np.ndarray:
    """ROWS_FORMULA: (T, I) float32."""
    I = mean_abs.size
    return (lcg_unit(T * I, seed).reshape(T, I) * mean_abs[None, :]) * np.float32(4)


def b64_f32(values: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f4").tobytes()).decode("ascii")


def search_json(alpha: float, scales: np.ndarray, losses: np.ndarray) -> dict:
    return {"alpha": alpha, "losses": [float(v) for v in losses], "scales_sha256": sha256_le(scales, "<f4"),
            "first_scales": [float(v) for v in scales[:FIRST]]}


def scheme_json(scheme: IntScheme) -> dict:
    return {"name": scheme.name, "bits": scheme.bits, "group": scheme.group, "zero_point": scheme.zero_point}


def widget_calibration(model: Path, validation: np.ndarray) -> Calibration:
    """The statistics lesson 4's widget calibrates on, by numpy's forward (rows unused here)."""
    c, weights = read_model(model)
    recorder = Recorder(c, 1)
    ids = validation[SKIP_TOKENS:SKIP_TOKENS + awq.CALIBRATION_WINDOWS * c.S]
    for k in range(awq.CALIBRATION_WINDOWS):
        calibration_forward(c, weights, ids[k * c.S:(k + 1) * c.S], recorder)
    return recorder.calibration()


def target_case(model: Path, calibration: Calibration, layer: int, scheme: IntScheme) -> dict:
    c, weights = read_model(model)
    stats = calibration.stats[layer]
    sites, scales = {}, {}
    for k, site in enumerate(SITES):
        rows = formula_rows(stats[site], ROWS, seed=1 + k)
        alpha, scales[site], losses = awq.search(awq.site_linears(weights, layer, site), stats[site], rows, scheme)
        sites[site] = {"mean_abs": b64_f32(stats[site]), "rows_seed": 1 + k, **search_json(alpha, scales[site], losses)}
    folded = {**weights, **awq.fold_layer(weights, layer, scales)}
    tensors = {name: sha256_le(folded[layer_key(layer, name)], "<f4") for name in TENSORS}
    words = {name: sha256_le(quantize_matrix(folded[layer_key(layer, name)], scheme.bits, scheme.group,
                                             scheme.zero_point), "<u4") for name in LINEARS}
    return {"layer": layer, "scheme": scheme_json(scheme), "rows": ROWS, "sites": sites,
            "folded_sha256": tensors, "words_sha256": words}


# (case, linears' shapes (O, I), scheme, seeds): weights row o of linear j = lcg_unit(O I, seed_j) * 2^-(o % 4) / 4,
# mean |x| = |lcg_unit(I, seed_m)| * (16 where i % 7 == 3) with channel 1 silent (0), rows as ROWS_FORMULA, T = 5.
SYNTHETIC_CASES = (
    ("two-layers-zp", ((6, 64), (4, 64)), "int4 g32 zp", (11, 12, 13, 14)),
    ("int3-g16", ((5, 48),), "int3 g16", (21, 22, 23)),
    ("int8-row", ((3, 40),), "int8 row", (31, 32, 33)),
)
SYNTHETIC_T = 5


def synthetic_inputs(shapes, seeds) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    I = shapes[0][1]
    linears = []
    for (O, _), seed in zip(shapes, seeds):
        shrink = (np.float32(2) ** -(np.arange(O) % 4).astype(np.float32))[:, None] / np.float32(4)
        linears.append(lcg_unit(O * I, seed).reshape(O, I) * shrink)
    mean_abs = np.abs(lcg_unit(I, seeds[-2])) * np.where(np.arange(I) % 7 == 3, 16, 1).astype(np.float32)
    mean_abs[1] = 0
    return linears, mean_abs, formula_rows(mean_abs, SYNTHETIC_T, seeds[-1])


def synthetic_case(name: str, shapes, scheme_text: str, seeds) -> dict:
    scheme = int_scheme(scheme_text)
    linears, mean_abs, rows = synthetic_inputs(shapes, seeds)
    alpha, scales, losses = awq.search(linears, mean_abs, rows, scheme)
    return {"case": name, "shapes": [list(s) for s in shapes], "scheme": scheme_json(scheme), "seeds": list(seeds),
            "T": SYNTHETIC_T, "inputs_sha256": sha256_le(np.concatenate([*(w.ravel() for w in linears), mean_abs,
                                                                          rows.ravel()]), "<f4"),
            **search_json(alpha, scales, losses)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    validation = np.asarray(json.loads((TRAINING / "fixtures" / "validation-ids.json").read_text())["ids"])
    calibration = widget_calibration(args.model, validation)
    model_file = args.model / "model.safetensors"
    calibration_ids = validation[SKIP_TOKENS:SKIP_TOKENS + 2 * 256]
    fixture = {
        "about": "training/awq.py's exponents, scales, folded weights and int4 words for the engine's parity test "
                 "(engine/quant/awq-parity.test.ts), from the statistics written here; hashes are SHA-256 of "
                 "little-endian bytes, float32 or uint32",
        "command": "python3 training/awq_fixtures.py",
        "model": str(model_file.resolve().relative_to(REPO)),
        "model_sha256": hashlib.sha256(model_file.read_bytes()).hexdigest(),
        "calibration": f"mean |x| per channel by training/activation_stats.py over validation-ids.json"
                       f"[{SKIP_TOKENS}:{SKIP_TOKENS + 512}] in two 256-token windows",
        "calibration_ids": [SKIP_TOKENS, SKIP_TOKENS + 512],
        "calibration_ids_sha256": sha256_le(calibration_ids, "<i4"),
        "rows_formula": ROWS_FORMULA,
        "target": [target_case(args.model, calibration, layer, int_scheme(TARGET_SCHEME))
                   for layer in TARGET_LAYERS],
        "synthetic": [synthetic_case(*case) for case in SYNTHETIC_CASES],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dumps(fixture))
    print(f"Wrote {len(fixture['target'])} target layers and {len(fixture['synthetic'])} synthetic cases to {args.out}")


if __name__ == "__main__":
    main()
