// f16 weights multiplied in f16 (shader-f16): linear-packed.ts puts `enable f16;` first, then packed-half.wgsl,
// then this, in place of arithmetic-f32.wgsl. A quad's four halves are bitcast, not converted; the input is
// rounded to f16 and each quad's four products are summed in f16, then added to the f32 sums
// (matvec-packed-core.wgsl), so at most four products share an f16 rounding. Finite only while the input, times
// its norm gain, stays within f16's range (65,504). Integer codes stay in f32 (arithmetic-f32.wgsl): decoding int4
// two codes an instruction in f16 was measured 23–28 % slower in a decode step on an H200 (docs/performance.md).

alias Quad = vec4h;

fn codesOf(chunk: Chunk, q: u32) -> Quad {
  let v = chunk.words[q / 2u];
  return bitcast<vec4h>(select(v.xy, v.zw, q % 2u == 1u));
}
