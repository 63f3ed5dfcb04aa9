// The integer weight format, prepended by linear-packed.ts to the packed kernels (matvec-packed-core.wgsl and its
// entries, matmul-packed.wgsl): BITS-bit codes with an f16 scale (and, when ZERO_POINT, an f16 zero-point) per
// group, laid out as engine/quant/scheme.ts's intLayout: row o's codes are a little-endian bitstream from word
// o·I·BITS/32 (input feature i at bit i·BITS; an int3 code may straddle two words), then the scales (O, groups) two
// to a word, low half first, then the zero-points alike. The kernels read a row in chunks of 32 input features:
// BITS words, one or two 16-byte vectors for int4 and int8, and never across a group (a group is a whole number of
// chunks). A kernel may read several matrices (m = 0, 1, 2: the fused projections); each has its own row count and
// its scales and zero-points at its own words, and the kernel reads its 16-byte vectors through weightVector(m, at).
// Mirrors matmulPacked in engine/cpu/matmul-packed.ts.
// zero: a symmetric scheme's zero-point, 2^(BITS - 1), passed rather than constant: subtracting the constant 2²³ + 8
// let NVIDIA's compiler see the magic-number conversion below for what it is and turn it back into a slow
// int-to-float conversion (int4 matrix-vector products ran five times slower on an H200).
struct Params { O: vec4u, scaleWord: vec4u, zeroWord: vec4u, T: u32, I: u32, eps: f32, groupChunks: u32, groups: u32, zero: f32 }

const BITS: u32 = 4u;
const ZERO_POINT: bool = false;
const MASK: u32 = (1u << BITS) - 1u;
// The float 2²³: a code c < 2²³ or-ed into its mantissa gives the float 2²³ + c, without an int-to-float conversion
// (a slow instruction on NVIDIA GPUs), and subtracting 2²³ + zero then leaves c − zero exactly.
const MAGIC: u32 = 0x4b000000u;
// The bit at which code j of a quad sits once decoded (quad): int2 and int4 codes stay where they are, at j·BITS, so
// that one shift serves all four; int8's upper two bytes move down to bits 0 and 8, below the exponent (bit 23);
// int3 codes, which may straddle words, each move to bit 0. A code at bit b decodes as (c − zero)·2ᵇ, exactly.
const LANE_BIT: vec4u = select(select(vec4u(0u), vec4u(0u, 8u, 0u, 8u), BITS == 8u), vec4u(0u, 1u, 2u, 3u) * BITS, BITS == 2u || BITS == 4u);
// What undoes the 2ᵇ: the matrix-vector kernels scale their input by it, once for all the rows they read.
const QUAD_UNIT: vec4f = 1.0 / vec4f(vec4u(1u) << LANE_BIT);
// Codes times a scale per group: the matrix-vector kernels multiply each chunk's sums by it.
const SCALED: bool = true;
// The matrix-vector kernels keep only the workgroup memory they need, so that many workgroups stay resident: with
// 16 KiB each, int4 g128 weights of Llama 2 7B's 4096 → 11008 read at 14 % of copy on an H200 instead of 29 %.
const FEW_RESIDENT: bool = false;

// One chunk of one row as loaded: its BITS words (words 4…7 in `high`, for int8 only), its group's scale, and
// 2²³ + zero·2ᵇ for each lane, what quad subtracts.
struct Chunk { low: vec4u, high: vec4u, scale: f32, offset: vec4f }

// Word w of matrix m.
fn word(m: u32, w: u32) -> u32 {
  return weightVector(m, w / 4u)[w % 4u];
}

// Half `at` of matrix m's halves from word `base`, low half first.
fn halfAt(m: u32, base: u32, at: u32) -> f32 {
  return unpack2x16float(word(m, base + at / 2u))[at % 2u];
}

// Chunk c of row o of matrix m: its codes in 16-byte loads where they are whole vectors (int4, int8), else word by
// word.
fn loadChunk(m: u32, o: u32, c: u32) -> Chunk {
  let first = (o * (params.I / 32u) + c) * BITS;
  let at = o * params.groups + c / params.groupChunks;
  var chunk: Chunk;
  if (BITS == 4u || BITS == 8u) {
    chunk.low = weightVector(m, first / 4u);
    if (BITS == 8u) { chunk.high = weightVector(m, first / 4u + 1u); }
  } else {
    for (var k = 0u; k < BITS; k++) { chunk.low[k] = word(m, first + k); }
  }
  chunk.scale = halfAt(m, params.scaleWord[m], at);
  var zero = params.zero;
  if (ZERO_POINT) { zero = halfAt(m, params.zeroWord[m], at); }
  chunk.offset = 8388608.0 + zero * vec4f(vec4u(1u) << LANE_BIT);
  return chunk;
}

// Features 4q … 4q + 3 of a chunk (q < 8) as (code − zero)·2^LANE_BIT; the weights are these times the chunk's
// scale and QUAD_UNIT.
fn quad(chunk: Chunk, q: u32) -> vec4f {
  var codes: vec4u;
  if (BITS == 3u) {
    // Codes start at any bit; one that runs past the end of its word takes its high bits from the next.
    let bit = (4u * q + vec4u(0u, 1u, 2u, 3u)) * BITS;
    let w = bit / 32u;
    let shift = bit % 32u;
    let next = vec4u(chunk.low[min(w.x + 1u, 3u)], chunk.low[min(w.y + 1u, 3u)], chunk.low[min(w.z + 1u, 3u)], chunk.low[min(w.w + 1u, 3u)]);
    codes = vec4u(chunk.low[w.x], chunk.low[w.y], chunk.low[w.z], chunk.low[w.w]) >> shift;
    codes = (codes | select(vec4u(0u), next << (32u - shift), shift + BITS > vec4u(32u))) & vec4u(MASK);
  } else {
    // The four codes lie in one word: word 4q·BITS/32, from bit 4q·BITS % 32.
    let k = q * BITS / 8u;
    let word = select(chunk.low[k % 4u], chunk.high[k % 4u], k >= 4u);
    let shift = (4u * q * BITS) % 32u + vec4u(0u, 1u, 2u, 3u) * BITS - LANE_BIT;
    codes = (vec4u(word) >> shift) & (vec4u(MASK) << LANE_BIT);
  }
  return bitcast<vec4f>(codes | vec4u(MAGIC)) - chunk.offset;
}
