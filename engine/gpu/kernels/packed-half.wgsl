// The f16 weight format, prepended by linear-packed.ts to the packed kernels (matvec-packed-core.wgsl and its
// entries, matmul-packed.wgsl): a matrix (O, I) as O·I/2 words, two IEEE halves to a word, the even input feature in
// the low half (engine/quant/halves.ts). The kernels read a row in chunks of 32 input features, four 16-byte vectors,
// of matrix m through weightVector(m, at). Mirrors matmulHalf in engine/cpu/matmul-packed.ts.
struct Params { O: vec4u, T: u32, I: u32, eps: f32 }

// The weights are quad's values as they are (packed-int.wgsl's decode may scale them by powers of two).
const QUAD_UNIT: vec4f = vec4f(1.0);
// The halves are the weights: no scale to multiply by.
const SCALED: bool = false;
// The matrix-vector kernels take 16 KiB of workgroup memory, so that fewer workgroups stay resident: f16 weights of
// Llama 2 7B's 4096 → 11008 read at 82 % of copy on an H200 that way, and at 49 % with only what they need.
const FEW_RESIDENT: bool = true;

// One chunk of one row as loaded; the weights are its halves times `scale`, which is 1 here.
struct Chunk { words: array<vec4u, 4>, scale: f32 }

// Chunk c of row o of matrix m.
fn loadChunk(m: u32, o: u32, c: u32) -> Chunk {
  let first = (o * (params.I / 32u) + c) * 4u;
  return Chunk(array(weightVector(m, first), weightVector(m, first + 1u), weightVector(m, first + 2u), weightVector(m, first + 3u)), 1.0);
}

// Features 4q … 4q + 3 of a chunk (q < 8).
fn quad(chunk: Chunk, q: u32) -> vec4f {
  let v = chunk.words[q / 2u];
  let h = select(v.xy, v.zw, q % 2u == 1u);
  return vec4f(unpack2x16float(h.x), unpack2x16float(h.y));
}
