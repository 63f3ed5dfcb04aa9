// The integer weight format, prepended by linear-packed.ts to matvec-packed.wgsl or matmul-packed.wgsl: BITS-bit
// codes with an f16 scale (and, when ZERO_POINT, an f16 zero-point) per group, laid out as engine/quant/scheme.ts's
// intLayout: row o's codes are a little-endian bitstream from word o·I·BITS/32 (input feature i at bit i·BITS; an
// int3 code may straddle two words), then the scales (O, groups) two to a word, low half first, then the
// zero-points alike. The kernels read a row in chunks of 32 input features: BITS words, whole 16-byte vectors for
// int4 and int8, never across a group (a group is a whole number of chunks). Mirrors matmulPacked in
// engine/cpu/matmul-packed.ts. The kernel binds `weights` (array<vec4u>) and `params`.
struct Params { T: u32, I: u32, O: u32, groupChunks: u32, groups: u32, scaleWord: u32, zeroWord: u32 }

const BITS: u32 = 4u;
const ZERO_POINT: bool = false;
const MASK: u32 = (1u << BITS) - 1u;
// The float 2²³: a code c < 2²³ or-ed into its mantissa gives the float 2²³ + c, without an int-to-float conversion
// (a quarter-rate instruction on NVIDIA GPUs), and subtracting 2²³ + zero then leaves c − zero exactly.
const MAGIC: u32 = 0x4b000000u;

// One chunk's words, in 16-byte vectors: one for int2, int3 and int4 (the first BITS words used), two for int8.
alias Words = array<vec4u, (BITS + 3u) / 4u>;

// 32 consecutive weights of one row: scale · values.
struct Chunk { values: array<vec4f, 8>, scale: f32 }

// Word w of the buffer.
fn word(w: u32) -> u32 {
  return weights[w / 4u][w % 4u];
}

// Half `at` of the halves from word `base`, low half first.
fn halfAt(base: u32, at: u32) -> f32 {
  return unpack2x16float(word(base + at / 2u))[at % 2u];
}

// Chunk c of row o, in 16-byte loads where it is whole vectors, else word by word.
fn loadWords(o: u32, c: u32) -> Words {
  let first = (o * (params.I / 32u) + c) * BITS;
  var words: Words;
  if (BITS % 4u == 0u) {
    for (var v = 0u; v < BITS / 4u; v++) { words[v] = weights[first / 4u + v]; }
  } else {
    for (var k = 0u; k < BITS; k++) { words[0][k] = word(first + k); }
  }
  return words;
}

fn wordOf(words: Words, k: u32) -> u32 {
  return words[k / 4u][k % 4u];
}

// Codes of features 4m … 4m + 3 of a chunk, minus the zero-point, as floats.
fn centred(words: Words, m: u32, zero: f32) -> vec4f {
  let bit = (4u * m + vec4u(0u, 1u, 2u, 3u)) * BITS;
  let w = bit / 32u;
  let shift = bit % 32u;
  var codes = vec4u(wordOf(words, w.x), wordOf(words, w.y), wordOf(words, w.z), wordOf(words, w.w)) >> shift;
  if (BITS == 3u) {
    // A code that runs past the end of its word takes its high bits from the next.
    let next = vec4u(wordOf(words, w.x + 1u), wordOf(words, w.y + 1u), wordOf(words, w.z + 1u), wordOf(words, w.w + 1u));
    codes |= select(vec4u(0u), next << (32u - shift), shift + BITS > vec4u(32u));
  }
  return bitcast<vec4f>((codes & vec4u(MASK)) | vec4u(MAGIC)) - (8388608.0 + zero);
}

// Chunk c of row o from its words: values code − zero, and the group's scale.
fn decode(o: u32, c: u32, words: Words) -> Chunk {
  let at = o * params.groups + c / params.groupChunks;
  var zero = f32(1u << (BITS - 1u));
  if (ZERO_POINT) { zero = halfAt(params.zeroWord, at); }
  var chunk: Chunk;
  chunk.scale = halfAt(params.scaleWord, at);
  for (var m = 0u; m < 8u; m++) { chunk.values[m] = centred(words, m, zero); }
  return chunk;
}
