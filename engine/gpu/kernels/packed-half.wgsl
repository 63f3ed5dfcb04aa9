// The f16 weight format, prepended by linear-packed.ts to matvec-packed.wgsl or matmul-packed.wgsl: a matrix (O, I)
// as O·I/2 words, two IEEE halves to a word, the even input feature in the low half (engine/quant/halves.ts). The
// kernels read a row in chunks of 32 input features, four 16-byte vectors. Mirrors matmulHalf in
// engine/cpu/matmul-packed.ts. The kernel binds `weights` (array<vec4u>) and `params`.
struct Params { T: u32, I: u32, O: u32 }

alias Words = array<vec4u, 4>;

// 32 consecutive weights of one row: scale · values (the scale is 1 here).
struct Chunk { values: array<vec4f, 8>, scale: f32 }

// Chunk c of row o.
fn loadWords(o: u32, c: u32) -> Words {
  let first = (o * (params.I / 32u) + c) * 4u;
  var words: Words;
  for (var v = 0u; v < 4u; v++) { words[v] = weights[first + v]; }
  return words;
}

fn decode(o: u32, c: u32, words: Words) -> Chunk {
  var chunk: Chunk;
  chunk.scale = 1.0;
  for (var v = 0u; v < 4u; v++) {
    let q = words[v];
    chunk.values[2u * v] = vec4f(unpack2x16float(q.x), unpack2x16float(q.y));
    chunk.values[2u * v + 1u] = vec4f(unpack2x16float(q.z), unpack2x16float(q.w));
  }
  return chunk;
}
