"""
LLM.int8() (Dettmers et al. 2022, arXiv:2208.07339) in numpy, mirroring engine/quant/llm-int8.ts: a linear layer
with int8 weights and int8 activations (W8A8), and its mixed-precision decomposition. The weight is stored as the
engine's int8 per channel (quantize.py, scheme IntScheme(8, "row", False): codes and one float16 absmax scale per
output row). The activations are quantized on the fly, per token (one absmax scale per input row) or per tensor:

  outliers = the input features whose |x| reaches the threshold in any row (none when threshold is None)
  a = absmax over the features kept (not the outliers), per row or over the whole input
  s = f32(a / 127),  code = clip(rint(f32(x / s)), -127, 127)          (s = 0: every code 0; outliers: code 0)
  out[t, o] = f32(acc[t, o] * f32(s_t * s_o) + sum_{i outlier} x[t, i] * f32(s_o * code[o, i]))

acc is the integer dot product of the codes (the engine's int32 accumulator; here a float64 product of integers,
exact since every partial sum is an integer below 2^53), the rest in float64. The outlier sum is taken in
numpy's order, not the engine's (i ascending), so an output may differ from the engine's in its last float32 bit;
the codes, the scales and the outlier columns are the engine's exactly. engine/quant/llm-int8-parity.test.ts checks
both against training/fixtures/llm-int8-parity.json (python3 training/llm_int8_fixtures.py).

The engine's W8A8 scheme (scheme.ts W8A8Scheme, cpu/linear.ts) is this, per token, every block linear layer and
every forward call, the rows being all the tokens of that call; quantized_perplexity.py does the same in PyTorch.
"""

import numpy as np

from quantize import _words_to_halves, int_layout

MAX_CODE = 127


def outlier_columns(x: np.ndarray, threshold: float | None) -> np.ndarray:
    """The input features (ascending) whose magnitude reaches threshold in any row of x (T, I); none for None."""
    if threshold is None:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero((np.abs(x) >= np.float32(threshold)).any(axis=0))


def quantize_activations(x: np.ndarray, outliers: np.ndarray,
                         granularity: str = "token") -> tuple[np.ndarray, np.ndarray]:
    """Absmax int8 codes (T, I) of x (T, I) float32, the outlier columns left out (code 0, in no absmax), and the
    float32 scales, (T) per token or (1) per tensor."""
    kept = np.ones(x.shape[1], dtype=bool)
    kept[outliers] = False
    absmax = np.where(kept, np.abs(x), np.float32(0)).max(axis=1).astype(np.float32)  # (T)
    if granularity == "token":
        scales = absmax / np.float32(MAX_CODE)
    elif granularity == "tensor":
        scales = np.array([absmax.max() / np.float32(MAX_CODE)], dtype=np.float32)
    else:
        raise ValueError(f"granularity is 'token' or 'tensor', not {granularity!r}")
    per_row = np.broadcast_to(scales, absmax.shape)[:, None]  # (T, 1)
    steps = np.rint(x / np.where(per_row == 0, np.float32(1), per_row))  # float32 division, ties to even
    codes = np.clip(steps, -MAX_CODE, MAX_CODE).astype(np.int8)
    codes[:, ~kept] = 0
    codes[(per_row == 0)[:, 0]] = 0
    return codes, scales


def int8_weight(words: np.ndarray, O: int, I: int) -> tuple[np.ndarray, np.ndarray]:
    """The signed codes (O, I) int8 and float16 row scales (O) as float32 of words in int8 per channel."""
    layout = int_layout(O, I, 8, "row", False)
    words = np.ascontiguousarray(words, dtype="<u4")
    if words.size != layout.words:
        raise ValueError(f"a ({O}, {I}) int8 matrix takes {layout.words} words, not {words.size}")
    code_bytes = words[:layout.scale_word].view(np.uint8).reshape(O, layout.row_words * 4)[:, :I]
    codes = (code_bytes.astype(np.int16) - 128).astype(np.int8)
    return codes, _words_to_halves(words[layout.scale_word:], O).astype(np.float32)


def int8_matmul(x: np.ndarray, codes: np.ndarray, weight_scales: np.ndarray, threshold: float | None,
                granularity: str = "token") -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """out (T, O) float32 = x (T, I) times the int8 weight (codes (O, I), scales (O)) in W8A8 with LLM.int8()'s
    decomposition at threshold; also the outlier columns, the activation codes and scales."""
    if x.dtype != np.float32 or x.ndim != 2:
        raise TypeError("x must be a 2-D float32 array")
    outliers = outlier_columns(x, threshold)
    x_codes, x_scales = quantize_activations(x, outliers, granularity)
    acc = x_codes.astype(np.float64) @ codes.astype(np.float64).T  # (T, O), exact integers
    both = (np.broadcast_to(x_scales, (x.shape[0],))[:, None] * weight_scales[None, :]).astype(np.float32)
    outlier_weight = weight_scales[:, None] * codes[:, outliers].astype(np.float32)  # (O, n) f32, dequantized
    rest = x[:, outliers].astype(np.float64) @ outlier_weight.astype(np.float64).T  # (T, O)
    out = (acc * both.astype(np.float64) + rest).astype(np.float32)
    return out, outliers, x_codes, x_scales
