// Store each row's keys and values in its cache slot. One thread per element. Mirrors engine/cpu/kv-write.ts.
struct Params { T: u32, KH: u32 }

@group(0) @binding(0) var<storage, read_write> kCache: array<f32>; // (slots, K·H)
@group(0) @binding(1) var<storage, read_write> vCache: array<f32>; // (slots, K·H)
@group(0) @binding(2) var<storage, read> k: array<f32>;            // (T, K·H)
@group(0) @binding(3) var<storage, read> v: array<f32>;            // (T, K·H)
@group(0) @binding(4) var<storage, read> slots: array<i32>;        // (T)
@group(0) @binding(5) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 256;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i >= params.T * params.KH) { return; }
  let t = i / params.KH;
  let at = u32(slots[t]) * params.KH + i % params.KH;
  kCache[at] = k[i];
  vCache[at] = v[i];
}
