// A linear layer for a few rows (decode and batched decode): out = inp · weightᵀ. One workgroup per output
// feature o reads weight row o once and applies it to all T rows. Mirrors engine/cpu/matmul.ts.
struct Params { T: u32, I: u32, O: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<f32>;       // (T, I)
@group(0) @binding(2) var<storage, read> weight: array<f32>;    // (O, I)
@group(0) @binding(3) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 128;
const MAX_ROWS: u32 = 16u;
var<workgroup> partial: array<f32, WORKGROUP_SIZE>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let o = wg.x + wg.y * groups.x;
  let inRange = o < params.O;
  var acc: array<f32, MAX_ROWS>;
  if (inRange) {
    for (var i = lid.x; i < params.I; i += WORKGROUP_SIZE) {
      let w = weight[o * params.I + i];
      for (var t = 0u; t < params.T; t++) { acc[t] += w * inp[t * params.I + i]; }
    }
  }
  for (var t = 0u; t < MAX_ROWS; t++) {
    if (t >= params.T) { break; }
    partial[lid.x] = acc[t];
    workgroupBarrier();
    for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
      if (lid.x < stride) { partial[lid.x] += partial[lid.x + stride]; }
      workgroupBarrier();
    }
    if (lid.x == 0u && inRange) { out[t * params.O + o] = partial[0]; }
    workgroupBarrier();
  }
}
