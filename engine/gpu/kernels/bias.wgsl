// A bias on every row, in place: out[t, j] += bias[j]. Mirrors engine/cpu/add.ts's addBias.
struct Params { n: u32, width: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (T, width)
@group(0) @binding(1) var<storage, read> bias: array<f32>;      // (width)
@group(0) @binding(2) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 256;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i < params.n) {
    out[i] = out[i] + bias[i % params.width];
  }
}
