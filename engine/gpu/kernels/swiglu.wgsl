// The SwiGLU gate, in place: gate ← silu(gate) · up, elementwise. Mirrors engine/cpu/swiglu.ts.
struct Params { n: u32 }

@group(0) @binding(0) var<storage, read_write> gate: array<f32>; // (T, F)
@group(0) @binding(1) var<storage, read> up: array<f32>;         // (T, F)
@group(0) @binding(2) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 256;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i < params.n) {
    let g = gate[i];
    gate[i] = g / (1.0 + exp(-g)) * up[i];
  }
}
