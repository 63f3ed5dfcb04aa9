// W8A8's activations: per token row, the absmax of the columns that are not outliers, s = absmax / 127, and the codes
// clamp(round(x / s), −127, 127) packed four to a word (0 in the outlier columns, and everywhere when s = 0). One
// workgroup per row. Mirrors quantizeActivations (per token) in engine/quant/llm-int8.ts. Host: w8a8.ts; pack4
// comes from w8a8-dot-builtin.wgsl or w8a8-dot-shifts.wgsl, prepended.
struct Params { T: u32, I: u32, O: u32, scaleWord: u32, decompose: u32, threshold: f32 }

@group(0) @binding(0) var<storage, read_write> codes: array<u32>;  // (T, I / 4) int8 codes, four to a word
@group(0) @binding(1) var<storage, read_write> scales: array<f32>; // (T)
@group(0) @binding(2) var<storage, read> inp: array<f32>;          // (T, I)
@group(0) @binding(3) var<storage, read> outliers: array<u32>;     // (⌈I / 32⌉) bit masks
@group(0) @binding(4) var<uniform> params: Params;

const WORKGROUP_SIZE: u32 = 64u;

var<workgroup> partial: array<f32, WORKGROUP_SIZE>;

fn kept(i: u32) -> bool {
  return (outliers[i >> 5u] & (1u << (i & 31u))) == 0u;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let t = wid.x + wid.y * groups.x;
  if (t >= params.T) {
    return;
  }
  let row = t * params.I;
  var a = 0.0;
  for (var i = lane; i < params.I; i += WORKGROUP_SIZE) {
    if (kept(i)) {
      a = max(a, abs(inp[row + i]));
    }
  }
  partial[lane] = a;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride >>= 1u) {
    if (lane < stride) {
      partial[lane] = max(partial[lane], partial[lane + stride]);
    }
    workgroupBarrier();
  }
  let s = partial[0] / 127.0;
  if (lane == 0u) {
    scales[t] = s;
  }
  let words = params.I / 4u;
  for (var j = lane; j < words; j += WORKGROUP_SIZE) {
    var c = vec4<i32>(0);
    if (s > 0.0) {
      for (var k = 0u; k < 4u; k++) {
        let i = j * 4u + k;
        if (kept(i)) {
          c[k] = i32(clamp(round(inp[row + i] / s), -127.0, 127.0));
        }
      }
    }
    codes[t * words + j] = pack4(c);
  }
}
