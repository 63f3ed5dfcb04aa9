// Fill a weight tensor with seeded synthetic values on the device, element i a pure function of (seed, tensor, i).
// Mirrors syntheticValue in engine/model/synthetic.ts bit for bit: lowbias32 hashes, 24 random bits, one f32
// rounding in the final multiply. `ones` fills with 1 (norm gains).
struct Params { n: u32, seed: u32, tensor: u32, a: f32, ones: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (n)
@group(0) @binding(1) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 256;

// hash32 comes from hash.wgsl, prepended by the host.

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i >= params.n) { return; }
  if (params.ones == 1u) { out[i] = 1.0; return; }
  let key = hash32(params.seed ^ ((params.tensor + 1u) * 0x9e3779b9u));
  let bits = hash32(i ^ key) >> 8u;
  out[i] = (f32(bits) * exp2(-23.0) - 1.0) * params.a;
}
