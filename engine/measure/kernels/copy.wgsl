// Copy-bandwidth probe: dst = src, 16 bytes per thread; read + write traffic is twice the buffer. Mirrors copyProbe
// in engine/measure/probes.ts.
struct Params { n: u32 }

@group(0) @binding(0) var<storage, read_write> dst: array<vec4f>; // (n)
@group(0) @binding(1) var<storage, read> src: array<vec4f>;       // (n)
@group(0) @binding(2) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 256;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i < params.n) { dst[i] = src[i]; }
}
