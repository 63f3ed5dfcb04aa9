// Causal grouped-query attention over the paged KV cache. One workgroup per (row t, query head n): row t, at
// position p, attends to positions 0..p of its sequence, reading keys and values through its page table; query
// head n reads KV head n ÷ (N/K). Keys are scored a chunk of WORKGROUP_SIZE at a time with an online softmax
// (running max and sum, as in FlashAttention, Dao et al. 2022), so any context length fits in workgroup memory.
// Mirrors engine/cpu/attention.ts.
struct Params { T: u32, N: u32, K: u32, H: u32, blockSize: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;  // (T, N·H)
@group(0) @binding(1) var<storage, read> q: array<f32>;          // (T, N·H)
@group(0) @binding(2) var<storage, read> kCache: array<f32>;     // (slots, K·H)
@group(0) @binding(3) var<storage, read> vCache: array<f32>;     // (slots, K·H)
@group(0) @binding(4) var<storage, read> positions: array<i32>;  // (T)
@group(0) @binding(5) var<storage, read> tableStart: array<i32>; // (T)
@group(0) @binding(6) var<storage, read> pageTables: array<i32>; // flat block numbers
@group(0) @binding(7) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 64;
const MAX_DIMS_PER_THREAD: u32 = 4u; // H ≤ 4 · WORKGROUP_SIZE
var<workgroup> query: array<f32, 256>;
var<workgroup> scores: array<f32, WORKGROUP_SIZE>;
var<workgroup> slotOf: array<u32, WORKGROUP_SIZE>;
var<workgroup> lengthShared: u32;

fn slot(t: u32, j: u32) -> u32 {
  let block = u32(pageTables[u32(tableStart[t]) + j / params.blockSize]);
  return block * params.blockSize + j % params.blockSize;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let t = wg.x;
  let n = wg.y;
  let H = params.H;
  let kvHead = n / (params.N / params.K);
  let scale = inverseSqrt(f32(H));
  if (lid.x == 0u) { lengthShared = u32(positions[t]) + 1u; }
  for (var i = lid.x; i < H; i += WORKGROUP_SIZE) { query[i] = q[(t * params.N + n) * H + i] * scale; }
  let length = workgroupUniformLoad(&lengthShared);

  var runningMax = -3.0e38;
  var runningSum = 0.0;
  var acc: array<f32, MAX_DIMS_PER_THREAD>;
  for (var base = 0u; base < length; base += WORKGROUP_SIZE) {
    let j = base + lid.x;
    var score = -3.0e38;
    if (j < length) {
      let s = slot(t, j);
      slotOf[lid.x] = s;
      let kBase = (s * params.K + kvHead) * H;
      var dot = 0.0;
      for (var i = 0u; i < H; i++) { dot += query[i] * kCache[kBase + i]; }
      score = dot;
    }
    scores[lid.x] = score;
    workgroupBarrier();
    let count = min(WORKGROUP_SIZE, length - base);
    var chunkMax = runningMax;
    for (var c = 0u; c < count; c++) { chunkMax = max(chunkMax, scores[c]); }
    let correction = exp(runningMax - chunkMax);
    runningSum *= correction;
    for (var d = 0u; d < MAX_DIMS_PER_THREAD; d++) { acc[d] *= correction; }
    for (var c = 0u; c < count; c++) {
      let p = exp(scores[c] - chunkMax);
      runningSum += p;
      let vBase = (slotOf[c] * params.K + kvHead) * H;
      for (var d = 0u; d < MAX_DIMS_PER_THREAD; d++) {
        let i = lid.x + d * WORKGROUP_SIZE;
        if (i < H) { acc[d] += p * vCache[vBase + i]; }
      }
    }
    runningMax = chunkMax;
    workgroupBarrier();
  }
  for (var d = 0u; d < MAX_DIMS_PER_THREAD; d++) {
    let i = lid.x + d * WORKGROUP_SIZE;
    if (i < H) { out[(t * params.N + n) * H + i] = acc[d] / runningSum; }
  }
}
