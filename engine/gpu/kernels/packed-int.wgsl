// The integer weight format, prepended by linear-packed.ts to matvec-packed.wgsl or matmul-packed.wgsl: BITS-bit
// codes with an f16 scale (and, when ZERO_POINT, an f16 zero-point) per group, laid out as engine/quant/scheme.ts's
// intLayout: row o's codes are a little-endian bitstream from word o·I·BITS/32 (input feature i at bit i·BITS; an
// int3 code may straddle two words), then the scales (O, groups) two to a word, low half first, then the
// zero-points alike. The kernels read a row in chunks of 32 input features: BITS words, one or two 16-byte
// vectors for int4 and int8, and never across a group (a group is a whole number of chunks). Mirrors matmulPacked
// in engine/cpu/matmul-packed.ts. The kernel binds `weights` (array<vec4u>) and `params`.
// zero: a symmetric scheme's zero-point, 2^(BITS - 1), passed rather than constant: subtracting the constant 2²³ + 8
// let NVIDIA's compiler see the magic-number conversion below for what it is and turn it back into a slow
// int-to-float conversion (int4 matrix-vector products ran five times slower on an H200).
struct Params { T: u32, I: u32, O: u32, groupChunks: u32, groups: u32, scaleWord: u32, zeroWord: u32, zero: f32 }

const BITS: u32 = 4u;
const ZERO_POINT: bool = false;
const MASK: u32 = (1u << BITS) - 1u;
// The float 2²³: a code c < 2²³ or-ed into its mantissa gives the float 2²³ + c, without an int-to-float conversion
// (a slow instruction on NVIDIA GPUs), and subtracting 2²³ + zero then leaves c − zero exactly.
const MAGIC: u32 = 0x4b000000u;

// One chunk of one row as loaded: its BITS words (words 4…7 in `high`, for int8 only), and its group's scale and
// zero-point.
struct Chunk { low: vec4u, high: vec4u, scale: f32, zero: f32 }

// Word w of the buffer.
fn word(w: u32) -> u32 {
  return weights[w / 4u][w % 4u];
}

// Half `at` of the halves from word `base`, low half first.
fn halfAt(base: u32, at: u32) -> f32 {
  return unpack2x16float(word(base + at / 2u))[at % 2u];
}

// Chunk c of row o: its codes in 16-byte loads where they are whole vectors (int4, int8), else word by word.
fn loadChunk(o: u32, c: u32) -> Chunk {
  let first = (o * (params.I / 32u) + c) * BITS;
  let at = o * params.groups + c / params.groupChunks;
  var chunk: Chunk;
  if (BITS == 4u || BITS == 8u) {
    chunk.low = weights[first / 4u];
    if (BITS == 8u) { chunk.high = weights[first / 4u + 1u]; }
  } else {
    for (var k = 0u; k < BITS; k++) { chunk.low[k] = word(first + k); }
  }
  chunk.scale = halfAt(params.scaleWord, at);
  chunk.zero = params.zero;
  if (ZERO_POINT) { chunk.zero = halfAt(params.zeroWord, at); }
  return chunk;
}

// Features 4m … 4m + 3 of a chunk (m < 8) as code − zero; the weights are these times the chunk's scale.
fn quad(chunk: Chunk, m: u32) -> vec4f {
  var codes: vec4u;
  if (BITS == 3u) {
    // Codes start at any bit; one that runs past the end of its word takes its high bits from the next.
    let bit = (4u * m + vec4u(0u, 1u, 2u, 3u)) * BITS;
    let w = bit / 32u;
    let shift = bit % 32u;
    let next = vec4u(chunk.low[min(w.x + 1u, 3u)], chunk.low[min(w.y + 1u, 3u)], chunk.low[min(w.z + 1u, 3u)], chunk.low[min(w.w + 1u, 3u)]);
    codes = vec4u(chunk.low[w.x], chunk.low[w.y], chunk.low[w.z], chunk.low[w.w]) >> shift;
    codes |= select(vec4u(0u), next << (32u - shift), shift + BITS > vec4u(32u));
  } else {
    // The four codes lie in one word: word 4m·BITS/32, from bit 4m·BITS % 32.
    let k = m * BITS / 8u;
    let word = select(chunk.low[k % 4u], chunk.high[k % 4u], k >= 4u);
    codes = vec4u(word) >> ((4u * m * BITS) % 32u + vec4u(0u, 1u, 2u, 3u) * BITS);
  }
  return bitcast<vec4f>((codes & vec4u(MASK)) | vec4u(MAGIC)) - (8388608.0 + chunk.zero);
}
