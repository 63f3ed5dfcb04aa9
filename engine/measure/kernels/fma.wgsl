// Peak-FLOP/s probe: each thread runs ITERATIONS rounds of fused multiply-adds on four independent vec4 chains
// (16 lanes, 32 FLOPs a round), then writes their sum so the work cannot be optimised away. Mirrors fmaProbe in
// engine/measure/probes.ts.
struct Params { iterations: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (threads)
@group(0) @binding(1) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 256;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  let seed = f32(i % 7u) * 0.125;
  var a = vec4f(seed, seed + 0.25, seed + 0.5, seed + 0.75);
  var b = a + 1.0;
  var c = a + 2.0;
  var d = a + 3.0;
  let m = vec4f(0.999);
  let k = vec4f(0.001);
  for (var n = 0u; n < params.iterations; n++) {
    a = fma(a, m, k);
    b = fma(b, m, k);
    c = fma(c, m, k);
    d = fma(d, m, k);
  }
  let s = a + b + c + d;
  out[i] = s.x + s.y + s.z + s.w;
}
