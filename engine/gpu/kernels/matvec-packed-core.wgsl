// A linear layer with packed weights for a few rows (decode, batched decode): out = inp · dequant(weights)ᵀ, or
// out += … when ACCUMULATE (a residual add folded in). linear-packed.ts prepends the weight format (packed-int.wgsl
// or packed-half.wgsl: loadChunk reads 32 input features of one weight row, quad decodes four of them). Workgroup
// w computes OUTPUTS output features, o0 = OUTPUTS·w onwards, for ROWS input rows (one pipeline per ROWS in 1, 2,
// 4, 8). Each thread strides over the chunks: it loads chunk c of all OUTPUTS weight rows before decoding any
// (eight 16-byte loads in flight for int4, sixteen for int8), then for each four input features decodes those
// rows' weights once, in registers, and applies them to every input row, so that each input load serves OUTPUTS
// rows: packed weights are so few bytes that with fewer rows per workgroup the input, not the weights, would
// fill the memory traffic. Then each output's partial sums are added over the threads. Mirrors
// engine/cpu/matmul-packed.ts.
@group(0) @binding(0) var<storage, read_write> out: array<f32>;  // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<vec4f>;      // (T, I/4)
@group(0) @binding(2) var<storage, read> weights: array<vec4u>;  // (O, I) packed in the weight format
@group(0) @binding(3) var<uniform> params: Params;

const ROWS: u32 = 1u;
const ACCUMULATE: bool = false;
const OUTPUTS: u32 = 8u;
const WORKGROUP_SIZE: u32 = 64u;
// partial[k·64 + (j + k) % 64]: thread k's sum for output j = t·OUTPUTS + r, skewed so that both the threads'
// writes and each output's reads fall in distinct banks. ROWS · OUTPUTS ≤ 64.
var<workgroup> partial: array<f32, 4096>;

// Input row t's i-th 4-vector; rows past T (the pipeline covers up to ROWS) read as zero.
fn inputAt(t: u32, i: u32) -> vec4f {
  return select(vec4f(0.0), inp[min(t, params.T - 1u) * (params.I / 4u) + i], t < params.T);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let o0 = OUTPUTS * (wg.x + wg.y * groups.x);
  var acc: array<array<f32, OUTPUTS>, ROWS>;
  if (o0 < params.O) {
    for (var c = lid.x; c < params.I / 32u; c += WORKGROUP_SIZE) {
      var chunk: array<Chunk, OUTPUTS>;
      // Features past O read the last row, never written.
      for (var r = 0u; r < OUTPUTS; r++) { chunk[r] = loadChunk(min(o0 + r, params.O - 1u), c); }
      for (var m = 0u; m < 8u; m++) {
        var w: array<vec4f, OUTPUTS>; // features 32c + 4m … + 3 of each row
        for (var r = 0u; r < OUTPUTS; r++) { w[r] = chunk[r].scale * quad(chunk[r], m); }
        for (var t = 0u; t < ROWS; t++) {
          let x = inputAt(t, 8u * c + m);
          for (var r = 0u; r < OUTPUTS; r++) { acc[t][r] += dot(w[r], x); }
        }
      }
    }
  }
  for (var t = 0u; t < ROWS; t++) {
    for (var r = 0u; r < OUTPUTS; r++) {
      partial[lid.x * WORKGROUP_SIZE + (t * OUTPUTS + r + lid.x) % WORKGROUP_SIZE] = acc[t][r];
    }
  }
  workgroupBarrier();
  let j = lid.x;
  if (j < ROWS * OUTPUTS) {
    var total = 0.0;
    for (var k = 0u; k < WORKGROUP_SIZE; k++) { total += partial[k * WORKGROUP_SIZE + (j + k) % WORKGROUP_SIZE]; }
    let t = j / OUTPUTS;
    let o = o0 + j % OUTPUTS;
    let at = t * params.O + o;
    if (t < params.T && o < params.O) { out[at] = total + select(0.0, out[at], ACCUMULATE); }
  }
}
