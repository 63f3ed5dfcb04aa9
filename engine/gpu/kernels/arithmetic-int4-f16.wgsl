// int4 codes decoded and multiplied in f16 (shader-f16), two codes an instruction: linear-packed.ts puts
// `enable f16;` first, then packed-int.wgsl (BITS 4), then this, in place of arithmetic-f32.wgsl.
//
// Masking a word of eight codes (features 8k … 8k + 7, code j at bit 4j) with 0x000F000F keeps codes 0 and 4, one
// in each 16-bit half, at the bottom of its half's mantissa; 0x00F000F0 keeps codes 1 and 5 four bits up. Or-ed
// with the f16 1024 (0x6400) in each half they read as 1024 + c and 1024 + 16c, exactly (f16 has ten mantissa
// bits); shifting the word down 8 bits first does the same for codes 2, 6, 3 and 7. So quad 2k of a chunk decodes
// features (8k, 8k + 4, 8k + 1, 8k + 5), the last two times 16, and quad 2k + 1 features (8k + 2, 8k + 6, 8k + 3,
// 8k + 7): PAIRED tells matvec-packed-core.wgsl to arrange the input alike (arrangeQuad), and INPUT_UNIT undoes the
// 16. Subtracting 1024 + zero (times 16) leaves code − zero exactly; the products with the f16 input and their sum
// within the quad are f16, and the quad's sum is added to the f32 sums. Finite while |input × gain| × 8 stays
// within f16's range (65,504).

alias Quad = vec4h;
const PAIRED: bool = true;
const INPUT_UNIT: vec4f = vec4f(1.0, 1.0, 0.0625, 0.0625);

fn codesOf(chunk: Chunk, q: u32) -> Quad {
  let word = chunk.low[q / 2u] >> (8u * (q % 2u));
  let pair = (vec2u(word) & vec2u(0x000F000Fu, 0x00F000F0u)) | vec2u(0x64006400u);
  // packed-int.wgsl's offset holds 2²³ + zero in lane 0 (its codes there sit at bit 0).
  let zero = f16(chunk.offset.x - 8388608.0);
  let offset = vec4h(1024.0h) + zero * vec4h(1.0h, 1.0h, 16.0h, 16.0h);
  return vec4h(bitcast<vec2h>(pair.x), bitcast<vec2h>(pair.y)) - offset;
}

// Input features (8k, 8k + 4, 8k + 1, 8k + 5) for part 0 of word k, (8k + 2, 8k + 6, 8k + 3, 8k + 7) for part 1,
// from its two input quads.
fn arrangeQuad(low: vec4f, high: vec4f, part: u32) -> vec4f {
  if (part == 0u) { return vec4f(low.x, high.x, low.y, high.y); }
  return vec4f(low.z, high.z, low.w, high.w);
}
