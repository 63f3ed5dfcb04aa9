"""
Writes training/fixtures/llm-int8-parity.json: what training/llm_int8.py makes of small inputs, for
engine/quant/llm-int8-parity.test.ts to compare with engine/quant/llm-int8.ts's int8MatmulDecomposed.

Compared exactly: the weight's int8 codes and float16 row scales (read back from quantize.py's words), the outlier
columns, the activation scales (float32 values, exact as JSON numbers) and codes (SHA-256 of the int8 bytes).
Compared to float tolerance: the outputs (base64 float32), whose outlier sums numpy takes in another order.

Inputs, written into the fixture (base64 float32): activations (T, I) from the LCG of awq_fixtures.py times 3,
with planted features (one at 8.5, one at exactly -6, so that the threshold's >= is tested, and a row of zeros,
whose scale is 0); the weights a synthetic (24, 64) matrix and, in the "target" case, the shipped target's layer 1
o projection (384, 384), read by the test from the model file.

    python3 training/llm_int8_fixtures.py        # from the repository root; needs only numpy
"""

import argparse
import base64
import hashlib
from pathlib import Path

import numpy as np

from awq_fixtures import lcg_unit
from llm_int8 import int8_matmul, int8_weight
from quantize import quantize_matrix
from quantize_fixtures import dumps, read_safetensors, sha256_le

TRAINING = Path(__file__).resolve().parent
REPO = TRAINING.parent
MODEL = REPO / "public" / "models" / "prose-target" / "model.safetensors"
OUT = TRAINING / "fixtures" / "llm-int8-parity.json"

TARGET_TENSOR = "model.layers.1.self_attn.o_proj.weight"
# (threshold, granularity): plain W8A8 and LLM.int8() at 6 as the engine's scheme runs them, a low threshold that
# takes many columns out, and one scale for the whole input.
VARIANTS = ((None, "token"), (6.0, "token"), (2.0, "token"), (6.0, "tensor"))


def activations(T: int, I: int, seed: int) -> np.ndarray:
    x = lcg_unit(T * I, seed).reshape(T, I) * np.float32(3)
    x[1, 17] = 8.5
    x[2, 40] = -6
    x[T - 1] = 0
    return x


def b64_f32(values: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f4").tobytes()).decode("ascii")


def case(name: str, weight: np.ndarray, x: np.ndarray, **source) -> dict:
    O, I = weight.shape
    words = quantize_matrix(weight, 8, "row", False)
    codes, scales = int8_weight(words, O, I)
    runs = []
    for threshold, granularity in VARIANTS:
        out, outliers, x_codes, x_scales = int8_matmul(x, codes, scales, threshold, granularity)
        runs.append({"threshold": threshold, "granularity": granularity,
                     "outliers": [int(i) for i in outliers], "scales": [float(s) for s in x_scales],
                     "codes_sha256": sha256_le(x_codes, "<i1"), "out": b64_f32(out)})
    return {"case": name, **source, "shape": [O, I], "T": x.shape[0], "x": b64_f32(x),
            "weight_codes_sha256": sha256_le(codes, "<i1"), "weight_scales_sha256": sha256_le(scales, "<f4"),
            "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    synthetic = lcg_unit(24 * 64, 41).reshape(24, 64) * np.float32(0.25)
    target = read_safetensors(args.model, [TARGET_TENSOR])[TARGET_TENSOR]
    fixture = {
        "about": "training/llm_int8.py's W8A8 for the engine's parity test (engine/quant/llm-int8-parity.test.ts): "
                 "codes, scales and outlier columns exact, outputs (base64 float32) to float tolerance; hashes "
                 "SHA-256 of little-endian bytes",
        "command": "python3 training/llm_int8_fixtures.py",
        "model": str(args.model.resolve().relative_to(REPO)),
        "model_sha256": hashlib.sha256(args.model.read_bytes()).hexdigest(),
        "cases": [
            case("synthetic", synthetic, activations(6, 64, 42),
                 formula="awq_fixtures.lcg_unit(24 * 64, seed 41) * 0.25, (24, 64) row-major"),
            case("target", target, activations(4, 384, 43), tensor=TARGET_TENSOR),
        ],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dumps(fixture))
    print(f"Wrote {len(fixture['cases'])} cases of {len(VARIANTS)} variants each to {args.out}")


if __name__ == "__main__":
    main()
