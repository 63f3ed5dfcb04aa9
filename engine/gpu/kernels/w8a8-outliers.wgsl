// LLM.int8()'s outlier columns of a batch (Dettmers et al. 2022): bit i of the mask is set when |inp[t, i]| reaches
// the threshold in any row t; none when the scheme has no threshold. One workgroup of 32 threads per mask word, a
// thread per column. Mirrors outlierColumns in engine/quant/llm-int8.ts. Host: w8a8.ts.
struct Params { T: u32, I: u32, O: u32, scaleWord: u32, decompose: u32, threshold: f32 }

@group(0) @binding(0) var<storage, read_write> outliers: array<u32>; // (⌈I / 32⌉) bit masks
@group(0) @binding(1) var<storage, read> inp: array<f32>;             // (T, I)
@group(0) @binding(2) var<uniform> params: Params;

var<workgroup> word: atomic<u32>;

@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lane: u32) {
  let i = wid.x * 32u + lane;
  var outlier = false;
  if (params.decompose != 0u && i < params.I) {
    for (var t = 0u; t < params.T; t++) {
      if (abs(inp[t * params.I + i]) >= params.threshold) {
        outlier = true;
        break;
      }
    }
  }
  if (outlier) {
    atomicOr(&word, 1u << lane);
  }
  workgroupBarrier();
  if (lane == 0u) {
    outliers[wid.x] = atomicLoad(&word);
  }
}
