// A 32-bit integer hash with good avalanche (Chris Wellons' "lowbias32"), for the synthetic weight generators
// (synthetic-fill.wgsl, synthetic-encoded.wgsl). Mirrors hash32 in engine/model/synthetic.ts.
fn hash32(input: u32) -> u32 {
  var x = input;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}
