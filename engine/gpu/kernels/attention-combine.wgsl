// Merges split-context attention: workgroup (t, n) rescales the partial results of its row's chunks to their
// common max M and normalises, out = Σ e^(m_s − M)·acc_s / Σ e^(m_s − M)·l_s. An empty chunk (max −3·10³⁸,
// sum 0) weighs nothing. Written by attention.wgsl with SPLIT set; together they mirror engine/cpu/attention.ts.
struct Params { N: u32, H: u32, splits: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<vec4f>; // (T, N·H/4)
@group(0) @binding(1) var<storage, read> partials: array<vec4f>;  // (T, N, splits, H/4 + 1)
@group(0) @binding(2) var<uniform> params: Params;

const WORKGROUP_SIZE: u32 = 64u; // H ≤ 256

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let lid = lid3.x;
  let H4 = params.H / 4u;
  if (lid >= H4) { return; }
  let stride = H4 + 1u;
  let base = (wg.x * params.N + wg.y) * params.splits * stride;
  var maxScore = -3.0e38;
  for (var s = 0u; s < params.splits; s++) { maxScore = max(maxScore, partials[base + s * stride + H4].x); }
  var sum = 0.0;
  var acc = vec4f(0.0);
  for (var s = 0u; s < params.splits; s++) {
    let stats = partials[base + s * stride + H4];
    let weight = exp(stats.x - maxScore);
    sum += weight * stats.y;
    acc += weight * partials[base + s * stride + lid];
  }
  out[(wg.x * params.N + wg.y) * H4 + lid] = acc / sum;
}
