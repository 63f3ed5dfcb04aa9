// RMSNorm, one workgroup per row. Mirrors engine/cpu/rmsnorm.ts.
struct Params { T: u32, D: u32, eps: f32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (T, D)
@group(0) @binding(1) var<storage, read> inp: array<f32>;       // (T, D)
@group(0) @binding(2) var<storage, read> weight: array<f32>;    // (D)
@group(0) @binding(3) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 256;
var<workgroup> partial: array<f32, WORKGROUP_SIZE>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let t = wg.x;
  let row = t * params.D;
  var ss = 0.0;
  for (var i = lid.x; i < params.D; i += WORKGROUP_SIZE) {
    let x = inp[row + i];
    ss += x * x;
  }
  partial[lid.x] = ss;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid.x < stride) { partial[lid.x] += partial[lid.x + stride]; }
    workgroupBarrier();
  }
  let scale = inverseSqrt(partial[0] / f32(params.D) + params.eps);
  for (var i = lid.x; i < params.D; i += WORKGROUP_SIZE) {
    out[row + i] = inp[row + i] * scale * weight[i];
  }
}
