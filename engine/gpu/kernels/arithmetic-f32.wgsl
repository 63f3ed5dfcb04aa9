// How the packed matrix-vector kernels (matvec-packed-core.wgsl) multiply: in f32, every weight format's default.
// linear-packed.ts puts it after the weight format; arithmetic-half-f16.wgsl is the alternative for f16 weights on
// devices with shader-f16.

// What a decoded quad of weights and its input quad are multiplied as.
alias Quad = vec4f;

// Features 4q … 4q + 3 of a chunk, decoded.
fn codesOf(chunk: Chunk, q: u32) -> Quad {
  return quad(chunk, q);
}
