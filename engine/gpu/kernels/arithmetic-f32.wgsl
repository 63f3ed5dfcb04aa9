// How the packed matrix-vector kernels (matvec-packed-core.wgsl) multiply: in f32, every weight format's default.
// linear-packed.ts prepends it after the weight format; arithmetic-half-f16.wgsl and arithmetic-int4-f16.wgsl are
// the f16 alternatives for devices with shader-f16.

// What a decoded quad of weights and its input quad are multiplied as.
alias Quad = vec4f;
// The input quad of weight quad q is the format's input features 4q … 4q + 3, in order.
const PAIRED: bool = false;
// Multiplies the input (with its norm gain) before it meets a decoded quad: undoes the format's scaling by 2ᵇ.
const INPUT_UNIT: vec4f = QUAD_UNIT;

// Features 4q … 4q + 3 of a chunk, decoded.
fn codesOf(chunk: Chunk, q: u32) -> Quad {
  return quad(chunk, q);
}

// Unused when not PAIRED: the input quad is read as it lies.
fn arrangeQuad(low: vec4f, high: vec4f, part: u32) -> vec4f {
  return select(low, high, part == 1u);
}
