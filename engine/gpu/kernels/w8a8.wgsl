// The W8A8 linear layer out (T, O) = inp (T, I) · Ŵᵀ, or out += … (a residual add folded in), with LLM.int8()'s
// decomposition (Dettmers et al. 2022): per output o and row t, the int32 dot product of the activation codes
// (w8a8-quantize.wgsl) with the weight's int8 codes, scaled by s_x[t] · s_w[o], plus the outlier columns
// (w8a8-outliers.wgsl) at full precision, x[t, i] · (s_w[o] · code_w[o, i]). One workgroup per output feature, looping
// over the rows: simple rather than fast. Mirrors int8MatmulDecomposed in engine/quant/llm-int8.ts. Host: w8a8.ts;
// dot4 comes from w8a8-dot-builtin.wgsl or w8a8-dot-shifts.wgsl, prepended.
struct Params { T: u32, I: u32, O: u32, scaleWord: u32, decompose: u32, threshold: f32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<f32>;       // (T, I), read in the outlier columns only
@group(0) @binding(2) var<storage, read> codes: array<u32>;     // (T, I / 4) int8 activation codes
@group(0) @binding(3) var<storage, read> scales: array<f32>;    // (T)
@group(0) @binding(4) var<storage, read> outliers: array<u32>;  // (⌈I / 32⌉) bit masks
@group(0) @binding(5) var<storage, read> weights: array<u32>;   // (O, I / 4) codes + 128, then (O) f16 scales
@group(0) @binding(6) var<uniform> params: Params;

const ACCUMULATE: bool = false;
const WORKGROUP_SIZE: u32 = 64u;

var<workgroup> dots: array<i32, WORKGROUP_SIZE>;
var<workgroup> rests: array<f32, WORKGROUP_SIZE>;

// Weight code (o, i), signed, from the row starting at word `row`.
fn weightCode(row: u32, i: u32) -> i32 {
  return i32((weights[row + (i >> 2u)] >> ((i & 3u) * 8u)) & 0xffu) - 128;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let o = wid.x + wid.y * groups.x;
  if (o >= params.O) {
    return;
  }
  let words = params.I / 4u;
  let masks = (params.I + 31u) / 32u;
  let row = o * words;
  let pair = unpack2x16float(weights[params.scaleWord + o / 2u]);
  let sw = select(pair.x, pair.y, (o & 1u) == 1u);
  for (var t = 0u; t < params.T; t++) {
    var acc = 0i;
    for (var j = lane; j < words; j += WORKGROUP_SIZE) {
      // The stored codes are biased by 128: flipping each byte's top bit makes them two's complement int8.
      acc += dot4(codes[t * words + j], weights[row + j] ^ 0x80808080u);
    }
    var rest = 0.0;
    for (var m = lane; m < masks; m += WORKGROUP_SIZE) {
      var bits = outliers[m];
      while (bits != 0u) {
        let i = m * 32u + countTrailingZeros(bits);
        rest += inp[t * params.I + i] * (sw * f32(weightCode(row, i)));
        bits &= bits - 1u;
      }
    }
    dots[lane] = acc;
    rests[lane] = rest;
    workgroupBarrier();
    for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride >>= 1u) {
      if (lane < stride) {
        dots[lane] += dots[lane + stride];
        rests[lane] += rests[lane + stride];
      }
      workgroupBarrier();
    }
    if (lane == 0u) {
      let y = f32(dots[0]) * (scales[t] * sw) + rests[0];
      let at = t * params.O + o;
      if (ACCUMULATE) {
        out[at] += y;
      } else {
        out[at] = y;
      }
    }
    workgroupBarrier();
  }
}
