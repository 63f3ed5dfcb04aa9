// Gather the rows whose logits are wanted: out row r = inp row rows[r]. Mirrors engine/cpu/gather-rows.ts.
struct Params { R: u32, D: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (R, D)
@group(0) @binding(1) var<storage, read> inp: array<f32>;       // (T, D)
@group(0) @binding(2) var<storage, read> rows: array<i32>;      // (R)
@group(0) @binding(3) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 256;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i < params.R * params.D) {
    let r = i / params.D;
    out[i] = inp[u32(rows[r]) * params.D + i % params.D];
  }
}
