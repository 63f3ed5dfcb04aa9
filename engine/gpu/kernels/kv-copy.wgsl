// Copy-on-write of shared blocks: for each copy (src, dst, tokens), copy the first `tokens` slots of block src
// to block dst. Workgroup row y is one copy. Mirrors kvCopyBlocks in engine/cpu/kv-write.ts.
struct Params { blockSize: u32, KH: u32 }

@group(0) @binding(0) var<storage, read_write> cache: array<f32>; // (slots, K·H)
@group(0) @binding(1) var<storage, read> copies: array<vec4u>;    // (copies): src, dst, tokens, unused
@group(0) @binding(2) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 256;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = copies[gid.y];
  let e = gid.x;
  if (e >= c.z * params.KH) { return; }
  cache[c.y * params.blockSize * params.KH + e] = cache[c.x * params.blockSize * params.KH + e];
}
