"""
Writes training/fixtures/quantized-bytes.json: what training/quantize.py makes of a few of the shipped target's
weight matrices and of small synthetic edge cases, one entry per (matrix, scheme), as SHA-256 hashes of
little-endian bytes. engine/quant/python-parity.test.ts quantizes the same matrices with the engine's
quantizeMatrix and fails unless every hash agrees, so the Python and TypeScript quantizers are one definition.

Per entry: the hash of the float32 input (so a mismatch says whether the inputs or the quantizer differ), the word
count, the hash of the words, their first 8 (for a readable diff), and the hash of the dequantized float32 matrix.

The synthetic matrices are built from integer formulas whose values are exact in float32; SYNTHETIC_CASES holds
each formula as text, and the test builds the same values from its own copy of them.

    python3 training/quantize_fixtures.py        # from the repository root; needs only numpy
"""

import argparse
import hashlib
import json
import struct
from pathlib import Path

import numpy as np

from quantize import LESSON_SCHEMES, IntScheme, dequantize_matrix, quantize_matrix

TRAINING = Path(__file__).resolve().parent
REPO = TRAINING.parent
MODEL = REPO / "public" / "models" / "prose-target" / "model.safetensors"
OUT = TRAINING / "fixtures" / "quantized-bytes.json"

TENSORS = (
    "model.layers.0.self_attn.q_proj.weight",  # (384, 384)
    "model.layers.2.self_attn.k_proj.weight",  # (128, 384)
    "model.layers.3.mlp.down_proj.weight",  # (384, 1024)
    "model.layers.5.mlp.gate_proj.weight",  # (1024, 384)
)

FIRST_WORDS = 8


def sha256_le(array: np.ndarray, dtype: str) -> str:
    return hashlib.sha256(np.ascontiguousarray(array, dtype=dtype).tobytes()).hexdigest()


def read_safetensors(path: Path, names) -> dict[str, np.ndarray]:
    """The named tensors as float32 arrays: an 8-byte little-endian header length, a JSON header of dtype, shape
    and data_offsets (relative to the data after the header), then the data (engine/model/safetensors.ts)."""
    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    data = memoryview(raw)[8 + length:]
    dtypes = {"F32": "<f4", "F16": "<f2"}
    tensors = {}
    for name in names:
        entry = header[name]
        begin, end = entry["data_offsets"]
        values = np.frombuffer(data[begin:end], dtype=dtypes[entry["dtype"]])
        tensors[name] = values.astype(np.float32).reshape(entry["shape"])  # float16 to float32 is exact
    return tensors


def lcg_values(O: int, I: int) -> np.ndarray:
    """The "lcg" case: x0 = 1, x(n+1) = (1664525 x(n) + 1013904223) mod 2^32, one step per value, row-major."""
    x = 1
    out = np.empty(O * I, dtype=np.int64)
    for n in range(O * I):
        x = (1664525 * x + 1013904223) & 0xFFFFFFFF
        out[n] = (x >> 8) - 2 ** 23
    o = np.arange(O)[:, None]
    return (out.reshape(O, I) / 2.0 ** 23 * 2.0 ** -o).astype(np.float32)


def synthetic(case: str, O: int, I: int) -> np.ndarray:
    """The case's (O, I) float32 matrix. Every value is computed exactly in float64 and is exact in float32."""
    o, i = np.meshgrid(np.arange(O), np.arange(I), indexing="ij")
    if case == "zero-groups":
        w = np.where((o == 2) | ((o + i // 32) % 2 == 0), 0.0, ((i % 15) - 7) / 8)
    elif case == "ties-symmetric":
        k = i % 16
        w = np.where(k == 0, 7.0, np.where(k == 15, -7.0, k - 7.5)) * 2.0 ** -o
    elif case == "ties-zero-point":
        w = ((i % 16) - 7.5) * 2.0 ** -o
    elif case == "one-signed":
        w = np.where(o == 0, -1.0, 1.0) * (1 + (7 * i + 3 * o) % 32) / 16
    elif case == "absmax":
        a = 1 + o / 8
        w = np.where(i % 4 == 0, a, np.where(i % 4 == 1, -a, ((5 * i + o) % 17 - 8) / 16))
    elif case == "f16-ties":
        m = 2 * o + 1
        top = np.where(o < 4, 7 * (1 + m * 2.0 ** -11), 7 * (m / 2) * 2.0 ** -24)
        w = np.where(i % 8 == 0, top, ((3 * i + o) % 15 - 7) / 8 * np.where(o < 4, 1.0, 2.0 ** -24))
    elif case == "tiny":
        w = ((7 * i + o) % 15 - 7) * 5 * 2.0 ** -(20.0 + 5 * o)
    elif case == "lcg":
        return lcg_values(O, I)
    else:
        raise ValueError(case)
    return w.astype(np.float32)


def int_scheme(text: str) -> IntScheme:
    """"int4 g32 zp" or "int8 row" to an IntScheme (a compact spelling for the table below)."""
    parts = text.split()
    group = parts[1] if parts[1] == "row" else int(parts[1].removeprefix("g"))
    return IntScheme(int(parts[0].removeprefix("int")), group, len(parts) > 2 and parts[2] == "zp")


# (case, O, I, formula, schemes). o is the row, i the input feature, both from 0; "/" is exact division; every
# value is exact in float32. engine/quant/python-parity.test.ts holds the same formulas in TypeScript.
SYNTHETIC_CASES = (
    ("zero-groups", 3, 64, "0 if o == 2 or (o + floor(i / 32)) % 2 == 0, else ((i % 15) - 7) / 8",
     ("int4 g32", "int4 g32 zp", "int8 row", "int8 row zp", "int3 g32", "int2 g32 zp")),
    ("ties-symmetric", 4, 16, "k = i % 16; (7 if k == 0, -7 if k == 15, else k - 7.5) * 2^-o",
     ("int4 g16", "int8 row")),
    ("ties-zero-point", 4, 16, "((i % 16) - 7.5) * 2^-o", ("int4 g16 zp", "int2 g16 zp", "int4 g16")),
    ("one-signed", 2, 32, "(-1 if o == 0 else 1) * (1 + (7 i + 3 o) % 32) / 16",
     ("int4 g32 zp", "int2 g16 zp", "int8 row zp", "int4 g32")),
    ("absmax", 8, 32, "a = 1 + o / 8; a if i % 4 == 0, -a if i % 4 == 1, else ((5 i + o) % 17 - 8) / 16",
     ("int4 g32", "int3 g32", "int2 g32", "int8 row", "int4 g16 zp")),
    ("f16-ties", 6, 16,
     "m = 2 o + 1; if i % 8 == 0: 7 (1 + m 2^-11) for o < 4, else 7 (m / 2) 2^-24; "
     "otherwise ((3 i + o) % 15 - 7) / 8, times 2^-24 for o >= 4",
     ("int4 g8", "int4 g16")),
    ("tiny", 3, 16, "((7 i + o) % 15 - 7) * 5 * 2^-(20 + 5 o)",
     ("int4 g16", "int4 g16 zp", "int8 row", "int2 g16")),
    ("lcg", 3, 80,
     "x0 = 1, x(n+1) = (1664525 x(n) + 1013904223) mod 2^32, one step per value in row-major order; "
     "((x >> 8) - 2^23) / 2^23 * 2^-o",
     ("int8 row", "int8 row zp", "int4 g16", "int4 g16 zp", "int3 g16", "int3 row zp", "int2 g40", "int2 g16 zp")),
)


def scheme_json(scheme: IntScheme) -> dict:
    return {"name": scheme.name, "bits": scheme.bits, "group": scheme.group, "zero_point": scheme.zero_point}


def entry(weight: np.ndarray, scheme: IntScheme) -> dict:
    O, I = weight.shape
    words = quantize_matrix(weight, scheme.bits, scheme.group, scheme.zero_point)
    back = dequantize_matrix(words, O, I, scheme.bits, scheme.group, scheme.zero_point)
    return {
        "scheme": scheme_json(scheme),
        "input_sha256": sha256_le(weight, "<f4"),
        "words": int(words.size),
        "sha256": sha256_le(words, "<u4"),
        "first_words": [int(w) for w in words[:FIRST_WORDS]],
        "dequantized_sha256": sha256_le(back, "<f4"),
    }


def dumps(fixture: dict) -> str:
    """JSON with one line per entry, so a diff of the file shows which (matrix, scheme) changed."""
    lines = []
    for key, value in fixture.items():
        if isinstance(value, list):
            rows = ",\n".join(f"    {json.dumps(row)}" for row in value)
            lines.append(f'  "{key}": [\n{rows}\n  ]')
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    tensors = read_safetensors(args.model, TENSORS)
    fixture = {
        "about": "training/quantize.py's bytes for the engine's parity test (engine/quant/python-parity.test.ts);"
                 " hashes are SHA-256 of little-endian bytes: input and dequantized float32, words uint32",
        "command": "python3 training/quantize_fixtures.py",
        "model": str(args.model.resolve().relative_to(REPO)),
        "model_sha256": hashlib.sha256(args.model.read_bytes()).hexdigest(),
        "tensors": [{"tensor": name, "shape": list(tensors[name].shape), **entry(tensors[name], scheme)}
                    for name in TENSORS for scheme in LESSON_SCHEMES],
        "synthetic": [{"case": case, "shape": [O, I], "formula": formula, **entry(synthetic(case, O, I), scheme)}
                      for case, O, I, formula, schemes in SYNTHETIC_CASES for scheme in map(int_scheme, schemes)],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dumps(fixture))
    print(f"Wrote {len(fixture['tensors'])} tensor and {len(fixture['synthetic'])} synthetic entries to {args.out}")


if __name__ == "__main__":
    main()
