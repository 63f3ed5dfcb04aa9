// A linear layer for a few rows (decode, batched decode): out = inp · weightᵀ. One workgroup per output feature o
// reads weight row o once, 16 bytes per load, and applies it to ROWS input rows held in registers (the host builds
// one pipeline per ROWS in 1, 2, 4, 8, 16 and picks the smallest that covers T). Mirrors engine/cpu/matmul.ts.
struct Params { T: u32, I: u32, O: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<vec4f>;     // (T, I/4)
@group(0) @binding(2) var<storage, read> weight: array<vec4f>;  // (O, I/4)
@group(0) @binding(3) var<uniform> params: Params;

const ROWS: u32 = 1u;
const WORKGROUP_SIZE: u32 = 128u;
var<workgroup> partial: array<f32, 2048>; // ROWS · WORKGROUP_SIZE ≤ 16 · 128

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let o = wg.x + wg.y * groups.x;
  let inRange = o < params.O;
  let I4 = params.I / 4u;
  var acc: array<f32, ROWS>;
  if (inRange) {
    for (var i = lid.x; i < I4; i += WORKGROUP_SIZE) {
      let w = weight[o * I4 + i];
      for (var t = 0u; t < ROWS; t++) {
        let x = select(vec4f(0.0), inp[min(t, params.T - 1u) * I4 + i], t < params.T);
        acc[t] += dot(w, x);
      }
    }
  }
  for (var t = 0u; t < ROWS; t++) { partial[t * WORKGROUP_SIZE + lid.x] = acc[t]; }
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid.x < stride) {
      for (var t = 0u; t < ROWS; t++) { partial[t * WORKGROUP_SIZE + lid.x] += partial[t * WORKGROUP_SIZE + lid.x + stride]; }
    }
    workgroupBarrier();
  }
  if (inRange && lid.x < ROWS && lid.x < params.T) { out[lid.x * params.O + o] = partial[lid.x * WORKGROUP_SIZE]; }
}
