// Fill a weight tensor stored in a 16-bit or integer scheme with seeded synthetic words on the device, word w a pure
// function of (seed, tensor, w) in integer operations only. Mirrors syntheticEncodedWord in
// engine/quant/synthetic-encoded.ts bit for bit: random code words (or f16 pairs with a fixed exponent), then the
// scale pairs, then the zero-point pairs.
struct Params {
  words: u32, seed: u32, tensor: u32, codeWords: u32, zeroWord: u32,
  halves: u32, exponentBits: u32, scalePair: u32, zeroPair: u32,
}

@group(0) @binding(0) var<storage, read_write> out: array<u32>; // (words)
@group(0) @binding(1) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 256;

// hash32 comes from hash.wgsl, prepended by the host.

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let w = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (w >= params.words) { return; }
  if (w >= params.zeroWord) { out[w] = params.zeroPair; return; }
  if (w >= params.codeWords) { out[w] = params.scalePair; return; }
  let key = hash32(params.seed ^ ((params.tensor + 1u) * 0x9e3779b9u));
  let bits = hash32(w ^ key);
  if (params.halves == 1u) {
    out[w] = (bits & 0x83ff83ffu) | params.exponentBits | (params.exponentBits << 16u);
  } else {
    out[w] = bits;
  }
}
