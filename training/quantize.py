"""
Round-to-nearest weight quantization in numpy, mirroring engine/quant/quantize.ts and the packed layout of
engine/quant/scheme.ts (intLayout) byte for byte: for the same float32 matrix and scheme, quantize_matrix
returns the same uint32 words as the engine's quantizeMatrix, and dequantize_matrix the same float32 values as
its dequantizeMatrix. engine/quant/python-parity.test.ts checks this against training/fixtures/quantized-bytes.json,
which training/quantize_fixtures.py writes with this file.

A matrix (O, I) is row-major, as PyTorch stores a linear layer's weight. Each row is cut into groups of g
consecutive input features (g = I for group "row": one scale per output channel). Per group, every step in
float32, as the engine does it:

  symmetric (absmax):  s = f16(absmax / qmax),                     qmax = 2^(b-1) - 1
                       code = clip(rint(w / s), -qmax, qmax) + 2^(b-1),        w ~ s * (code - 2^(b-1))
  asymmetric:          lo = min(0, min w), hi = max(0, max w)      (the range widened to include zero)
                       s = f16((hi - lo) / qmax),                  qmax = 2^b - 1
                       z = clip(rint(-lo / s), 0, qmax)
                       code = clip(rint(w / s) + z, 0, qmax),                  w ~ s * (code - z)

f16(x) rounds a float32 to float16 with ties to even (numpy's astype(np.float16), engine/model/half.ts f32ToF16),
and the codes are computed from that rounded scale. rint rounds ties to even. A group whose scale is 0 in float16
(all zeros, or values so small that absmax / qmax underflows float16) gets codes 2^(b-1) (symmetric) or 0 with
z = 0 (asymmetric), and dequantizes to zeros.

Layout (one uint32 buffer): the codes, row by row, each row a little-endian bitstream that starts on a word
(input feature i at bit i*b, so a 3-bit code may straddle two words); then the float16 scales, (O, I/g)
row-major, two to a word, low half first; then, with a zero-point, the float16 zero-points laid out like the
scales.

Weights must be finite: the engine's arithmetic on NaN or infinity is not defined to the bit, so this raises. A
float32 group whose scale overflows float16 (absmax / qmax above 65504; never for float16 weights) gets an infinite
scale here as in the engine, codes for zero, and dequantizes to NaN; numpy warns.

The divisions are float32 by float32. Done in float64 instead they would give the same bytes (a float32 numerator
over a float16-exact scale or a small integer is never within half a float32 ulp of a rounding boundary without
being on it), but float32 is what the engine specifies, so it is kept.
Not the engine's f32 and f16 schemes (a cast does those), and not GPTQ or AWQ: plain round-to-nearest.
"""

from dataclasses import dataclass

import numpy as np

BITS = (2, 3, 4, 8)


@dataclass(frozen=True)
class IntScheme:
    """engine/quant/scheme.ts's IntScheme: b-bit codes, group "row" or a number of input features, zero-point."""

    bits: int
    group: int | str  # "row" or input features per group
    zero_point: bool

    @property
    def name(self) -> str:
        return scheme_name(self.bits, self.group, self.zero_point)


# The integer schemes lesson 4 compares, after f32 and f16.
LESSON_SCHEMES = (
    IntScheme(8, "row", False),
    IntScheme(4, 32, False),
    IntScheme(4, 64, False),
    IntScheme(4, 128, False),
    IntScheme(4, 128, True),
    IntScheme(3, 64, False),
    IntScheme(2, 64, False),
)


def scheme_name(bits: int, group: int | str, zero_point: bool) -> str:
    """The scheme's name as engine/quant/scheme.ts's schemeName prints it: int8 per channel, int4 g128 zp."""
    grouping = "per channel" if group == "row" else f"g{group}"
    return f"int{bits} {grouping}{' zp' if zero_point else ''}"


def group_size(group: int | str, I: int) -> int:
    """Input features per group of a matrix with I input features (scheme.ts groupSize)."""
    g = I if group == "row" else int(group)
    if g <= 0 or I % g != 0:
        raise ValueError(f"a group of {g} does not divide {I} input features")
    return g


@dataclass(frozen=True)
class IntLayout:
    """scheme.ts intLayout: words per row of codes, groups per row, first word of the scales and of the
    zero-points, words in all."""

    row_words: int
    groups: int
    scale_word: int
    zero_word: int
    words: int


def int_layout(O: int, I: int, bits: int, group: int | str, zero_point: bool) -> IntLayout:
    if bits not in BITS:
        raise ValueError(f"bits must be one of {BITS}, not {bits}")
    groups = I // group_size(group, I)
    row_words = -(-I * bits // 32)
    half_words = -(-O * groups // 2)
    scale_word = O * row_words
    zero_word = scale_word + half_words
    return IntLayout(row_words, groups, scale_word, zero_word, zero_word + (half_words if zero_point else 0))


def _halves_to_words(halves: np.ndarray) -> np.ndarray:
    """float16 values (any shape, row-major) two to a uint32 word, the first in the low half; an odd count is
    padded with a zero half."""
    flat = np.ascontiguousarray(halves, dtype="<f2").reshape(-1)
    if flat.size % 2:
        flat = np.concatenate([flat, np.zeros(1, dtype="<f2")])
    return flat.view("<u4").astype(np.uint32)


def _words_to_halves(words: np.ndarray, count: int) -> np.ndarray:
    """The first count float16 values of words packed as _halves_to_words packs them."""
    return np.ascontiguousarray(words, dtype="<u4").view("<f2")[:count]


def _pack_codes(codes: np.ndarray, bits: int, row_words: int) -> np.ndarray:
    """(O, I) integer codes < 2^bits into (O, row_words) uint32: each row a little-endian bitstream, code i at
    bit i*bits, zero-padded to the row's last word."""
    O, I = codes.shape
    bit_planes = (codes.astype(np.uint32)[:, :, None] >> np.arange(bits, dtype=np.uint32)) & 1  # (O, I, b)
    stream = np.zeros((O, row_words * 32), dtype=np.uint8)
    stream[:, :I * bits] = bit_planes.reshape(O, I * bits)
    # Bit k of the stream goes to byte k // 8, bit k % 8; four little-endian bytes make word k // 32.
    return np.packbits(stream, axis=1, bitorder="little").view("<u4").astype(np.uint32)  # (O, row_words)


def _unpack_codes(code_words: np.ndarray, I: int, bits: int) -> np.ndarray:
    """(O, row_words) uint32 back to (O, I) int64 codes; the inverse of _pack_codes."""
    O = code_words.shape[0]
    stream = np.unpackbits(np.ascontiguousarray(code_words, dtype="<u4").view(np.uint8), axis=1,
                           bitorder="little")[:, :I * bits]
    bit_planes = stream.reshape(O, I, bits).astype(np.int64)
    return bit_planes @ (np.int64(1) << np.arange(bits, dtype=np.int64))  # (O, I)


def quantize_matrix(weight: np.ndarray, bits: int, group: int | str, zero_point: bool) -> np.ndarray:
    """weight (O, I) float32 to the uint32 words of intLayout, exactly as quantizeMatrix in quantize.ts."""
    weight = np.asarray(weight)
    if weight.dtype != np.float32 or weight.ndim != 2:
        raise TypeError(f"weight must be a 2-D float32 array, not {weight.ndim}-D {weight.dtype}")
    if not np.isfinite(weight).all():
        raise ValueError("weight holds NaN or infinity; the engine's quantization is defined for finite values")
    O, I = weight.shape
    layout = int_layout(O, I, bits, group, zero_point)
    g = group_size(group, I)
    w = weight.reshape(O, layout.groups, g)  # (O, G, g) float32
    zero32 = np.float32(0)
    lo = np.minimum(w.min(axis=2), zero32)  # (O, G): the range always includes zero
    hi = np.maximum(w.max(axis=2), zero32)
    if zero_point:
        qmax = 2 ** bits - 1
        scale32 = (hi - lo) / np.float32(qmax)  # f32 - f32, then f32 / f32
    else:
        qmax = 2 ** (bits - 1) - 1
        scale32 = np.maximum(-lo, hi) / np.float32(qmax)
    scale16 = scale32.astype(np.float16)  # round to nearest even, as f32ToF16
    scale16[scale16 == 0] = 0  # -0 to +0: the engine's scale is never negative zero
    scale = scale16.astype(np.float32)  # exact
    empty = scale == 0  # (O, G)
    divisor = np.where(empty, np.float32(1), scale)[:, :, None]  # (O, G, 1); empty groups are overwritten below
    steps = np.rint(w / divisor)  # (O, G, g) float32: f32 division, ties to even
    if zero_point:
        zero = np.where(empty, 0, np.clip(np.rint(-lo / divisor[:, :, 0]), 0, qmax).astype(np.int64))  # (O, G)
        codes = np.clip(steps.astype(np.int64) + zero[:, :, None], 0, qmax)
        codes[empty] = 0
    else:
        offset = 2 ** (bits - 1)
        codes = np.clip(steps, -qmax, qmax).astype(np.int64) + offset
        codes[empty] = offset
    parts = [_pack_codes(codes.reshape(O, I), bits, layout.row_words).reshape(-1), _halves_to_words(scale16)]
    if zero_point:
        parts.append(_halves_to_words(zero.astype(np.float16)))  # integers 0 … 2^b − 1, exact in float16
    words = np.concatenate(parts)
    assert words.size == layout.words
    return words


def dequantize_matrix(words: np.ndarray, O: int, I: int, bits: int, group: int | str,
                      zero_point: bool) -> np.ndarray:
    """The float32 matrix (O, I) the words stand for: s * (code - z), as dequantizeMatrix in quantize.ts (each
    product is exact in float32)."""
    words = np.asarray(words, dtype=np.uint32)
    layout = int_layout(O, I, bits, group, zero_point)
    if words.size != layout.words:
        raise ValueError(f"a ({O}, {I}) matrix in this scheme takes {layout.words} words, not {words.size}")
    g = group_size(group, I)
    codes = _unpack_codes(words[:layout.scale_word].reshape(O, layout.row_words), I, bits)  # (O, I)
    halves = O * layout.groups
    scale = _words_to_halves(words[layout.scale_word:layout.zero_word], halves).astype(np.float32)
    if zero_point:
        zero = _words_to_halves(words[layout.zero_word:], halves).astype(np.int64)
    else:
        zero = np.full(halves, 2 ** (bits - 1), dtype=np.int64)
    steps = (codes.reshape(O, layout.groups, g) - zero.reshape(O, layout.groups, 1)).astype(np.float32)
    return (scale.reshape(O, layout.groups, 1) * steps).reshape(O, I)
