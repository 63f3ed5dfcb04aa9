// f16 weights multiplied in f16 (shader-f16): linear-packed.ts puts `enable f16;` first, then packed-half.wgsl,
// then this, in place of arithmetic-f32.wgsl. A quad's four halves are bitcast, not converted; the input is
// rounded to f16 and each quad's four products are summed in f16, then added to the f32 sums
// (matvec-packed-core.wgsl), so at most four products share an f16 rounding. Finite only while the input, times
// its norm gain, stays within f16's range (65,504).

alias Quad = vec4h;
const PAIRED: bool = false;
const INPUT_UNIT: vec4f = QUAD_UNIT;

fn codesOf(chunk: Chunk, q: u32) -> Quad {
  let v = chunk.words[q / 2u];
  return bitcast<vec4h>(select(v.xy, v.zw, q % 2u == 1u));
}

fn arrangeQuad(low: vec4f, high: vec4f, part: u32) -> vec4f {
  return select(low, high, part == 1u);
}
