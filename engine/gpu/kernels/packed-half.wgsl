// The f16 weight format, prepended by linear-packed.ts to matvec-packed.wgsl or matmul-packed.wgsl: a matrix (O, I)
// as O·I/2 words, two IEEE halves to a word, the even input feature in the low half (engine/quant/halves.ts). The
// kernels read a row in chunks of 32 input features, four 16-byte vectors. Mirrors matmulHalf in
// engine/cpu/matmul-packed.ts. The kernel binds `weights` (array<vec4u>) and `params`.
struct Params { T: u32, I: u32, O: u32 }

// One chunk of one row as loaded; the weights are its halves times `scale`, which is 1 here.
struct Chunk { words: array<vec4u, 4>, scale: f32 }

// Chunk c of row o.
fn loadChunk(o: u32, c: u32) -> Chunk {
  let first = (o * (params.I / 32u) + c) * 4u;
  return Chunk(array(weights[first], weights[first + 1u], weights[first + 2u], weights[first + 3u]), 1.0);
}

// Features 4m … 4m + 3 of a chunk (m < 8).
fn quad(chunk: Chunk, m: u32) -> vec4f {
  let q = chunk.words[m / 2u];
  let h = select(q.xy, q.zw, m % 2u == 1u);
  return vec4f(unpack2x16float(h.x), unpack2x16float(h.y));
}
