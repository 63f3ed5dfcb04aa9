// Token embedding lookup: out row t = table row tokens[t]. Mirrors engine/cpu/embedding.ts.
struct Params { T: u32, D: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (T, D)
@group(0) @binding(1) var<storage, read> table: array<f32>;     // (V, D)
@group(0) @binding(2) var<storage, read> tokens: array<i32>;    // (T)
@group(0) @binding(3) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 256;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i < params.T * params.D) {
    let t = i / params.D;
    let d = i % params.D;
    out[i] = table[u32(tokens[t]) * params.D + d];
  }
}
