// Causal grouped-query attention over the paged KV cache. One workgroup per (row t, query head n): row t, at
// position p, attends to positions max(0, p − window + 1)..p of its sequence (a sliding window; window = 2³² − 1
// for full attention), reading keys and values through its page table; query
// head n reads KV head n ÷ (N/K). Keys are taken WORKGROUP_SIZE at a time with an online softmax (running max and
// sum, as in FlashAttention, Dao et al. 2022), so any context length fits in workgroup memory. In each round every
// thread scores one key; the weighted sum of values is split between groups of H/4 threads, each group taking
// every groups-th key four dimensions per thread, and the groups' sums are added at the end.
// With SPLIT set (the host substitutes the constant), workgroup (t, n, s) takes only the s-th chunk of `chunk`
// keys of its row and writes its unnormalised sums with the running max and sum, for attention-combine.wgsl.
// Mirrors engine/cpu/attention.ts.
struct Params { T: u32, N: u32, K: u32, H: u32, blockSize: u32, window: u32, chunk: u32 }

// (T, N·H/4); split: partials (T, N, splits, H/4 + 1), the last vec4 holding (max, sum, 0, 0).
@group(0) @binding(0) var<storage, read_write> out: array<vec4f>;
@group(0) @binding(1) var<storage, read> q: array<vec4f>;         // (T, N·H/4)
@group(0) @binding(2) var<storage, read> kCache: array<vec4f>;    // (slots, K·H/4)
@group(0) @binding(3) var<storage, read> vCache: array<vec4f>;    // (slots, K·H/4)
@group(0) @binding(4) var<storage, read> positions: array<i32>;   // (T)
@group(0) @binding(5) var<storage, read> tableStart: array<i32>;  // (T)
@group(0) @binding(6) var<storage, read> pageTables: array<i32>;  // flat block numbers
@group(0) @binding(7) var<uniform> params: Params;

const WORKGROUP_SIZE: u32 = 128u;
const SPLIT: bool = false;
const NO_SCORE: f32 = -3.0e38;
var<workgroup> query: array<vec4f, 64>; // H ≤ 256
var<workgroup> probs: array<f32, WORKGROUP_SIZE>;
var<workgroup> slotOf: array<u32, WORKGROUP_SIZE>;
var<workgroup> reduction: array<f32, WORKGROUP_SIZE>;
var<workgroup> groupSums: array<vec4f, WORKGROUP_SIZE>;
var<workgroup> lengthShared: u32;

fn slot(t: u32, j: u32) -> u32 {
  let block = u32(pageTables[u32(tableStart[t]) + j / params.blockSize]);
  return block * params.blockSize + j % params.blockSize;
}

// Tree reductions over the workgroup; every thread gets the result.
fn reduceMax(lid: u32, value: f32) -> f32 {
  reduction[lid] = value;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) { reduction[lid] = max(reduction[lid], reduction[lid + stride]); }
    workgroupBarrier();
  }
  let result = reduction[0];
  workgroupBarrier();
  return result;
}

fn reduceSum(lid: u32, value: f32) -> f32 {
  reduction[lid] = value;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) { reduction[lid] += reduction[lid + stride]; }
    workgroupBarrier();
  }
  let result = reduction[0];
  workgroupBarrier();
  return result;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) counts: vec3u,
  @builtin(local_invocation_id) lid3: vec3u,
) {
  let lid = lid3.x;
  let t = wg.x;
  let n = wg.y;
  let H4 = params.H / 4u;
  let kvHead = n / (params.N / params.K);
  let groups = WORKGROUP_SIZE / H4;
  let group = lid / H4;
  let d = lid % H4;
  if (lid == 0u) { lengthShared = u32(positions[t]) + 1u; }
  if (lid < H4) { query[lid] = q[(t * params.N + n) * H4 + lid] * inverseSqrt(f32(params.H)); }
  let length = workgroupUniformLoad(&lengthShared);
  let first = select(0u, length - params.window, length > params.window);
  let begin = select(first, min(first + wg.z * params.chunk, length), SPLIT);
  let end = select(length, min(begin + params.chunk, length), SPLIT);

  var runningMax = NO_SCORE;
  var runningSum = 0.0;
  var acc = vec4f(0.0);
  for (var base = begin; base < end; base += WORKGROUP_SIZE) {
    let j = base + lid;
    var score = NO_SCORE;
    if (j < end) {
      let s = slot(t, j);
      slotOf[lid] = s;
      let kBase = (s * params.K + kvHead) * H4;
      var sum = 0.0;
      for (var i = 0u; i < H4; i++) { sum += dot(query[i], kCache[kBase + i]); }
      score = sum;
    }
    let newMax = max(runningMax, reduceMax(lid, score));
    let p = select(0.0, exp(score - newMax), j < end);
    probs[lid] = p;
    let correction = exp(runningMax - newMax);
    runningSum = runningSum * correction + reduceSum(lid, p);
    acc *= correction;
    let count = min(WORKGROUP_SIZE, end - base);
    if (group < groups) {
      for (var c = group; c < count; c += groups) {
        acc += probs[c] * vCache[(slotOf[c] * params.K + kvHead) * H4 + d];
      }
    }
    runningMax = newMax;
    workgroupBarrier();
  }
  groupSums[lid] = acc;
  workgroupBarrier();
  if (lid < H4) {
    var total = vec4f(0.0);
    for (var g = 0u; g < groups; g++) { total += groupSums[g * H4 + lid]; }
    if (SPLIT) {
      let partial = ((t * params.N + n) * counts.z + wg.z) * (H4 + 1u);
      out[partial + lid] = total;
      if (lid == 0u) { out[partial + H4] = vec4f(runningMax, runningSum, 0.0, 0.0); }
    } else {
      out[(t * params.N + n) * H4 + lid] = total / runningSum;
    }
  }
}
