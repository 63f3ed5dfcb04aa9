// Rotary position embedding in place, as Hugging Face's Llama applies it: dimension i pairs with i + H/2,
// rotated by the angle for (position, i), read from the model's cos/sin tables. One thread per pair.
// Mirrors engine/cpu/rope.ts.
struct Params { T: u32, heads: u32, H: u32 }

@group(0) @binding(0) var<storage, read_write> x: array<f32>;    // (T, heads·H)
@group(0) @binding(1) var<storage, read> positions: array<i32>; // (T)
@group(0) @binding(2) var<storage, read> cosTable: array<f32>;  // (P, H/2)
@group(0) @binding(3) var<storage, read> sinTable: array<f32>;  // (P, H/2)
@group(0) @binding(4) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 256;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let half = params.H / 2u;
  let p = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (p >= params.T * params.heads * half) { return; }
  let i = p % half;
  let head = p / half; // t · heads + h
  let t = head / params.heads;
  let at = u32(positions[t]) * half + i;
  let c = cosTable[at];
  let s = sinTable[at];
  let base = head * params.H;
  let x1 = x[base + i];
  let x2 = x[base + i + half];
  x[base + i] = x1 * c - x2 * s;
  x[base + i + half] = x2 * c + x1 * s;
}
