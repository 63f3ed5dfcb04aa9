// The attention norm and the query, key and value projections of a few rows in one dispatch, for packed weights:
// with the three stacked (queries, then keys, then values), workgroup w computes stacked features OUTPUTS·w onwards
// from the residual stream, the RMSNorm folded in (NORM). With matvec-packed-core.wgsl. Mirrors
// engine/cpu/rmsnorm.ts, then three calls of engine/cpu/matmul-packed.ts.
@group(0) @binding(0) var<storage, read_write> q: array<f32>;  // (T, Oq)
@group(0) @binding(1) var<storage, read_write> k: array<f32>;  // (T, Okv)
@group(0) @binding(2) var<storage, read_write> v: array<f32>;  // (T, Okv)
@group(0) @binding(3) var<storage, read> inp: array<vec4f>;    // (T, I/4), before the norm
@group(0) @binding(4) var<storage, read> norm: array<vec4f>;   // (I/4)
@group(0) @binding(5) var<storage, read> wq: array<vec4u>;     // (Oq, I) packed
@group(0) @binding(6) var<storage, read> wk: array<vec4u>;     // (Okv, I) packed
@group(0) @binding(7) var<storage, read> wv: array<vec4u>;     // (Okv, I) packed
@group(0) @binding(8) var<uniform> params: Params;             // O: (Oq, Okv, Okv)

fn weightVector(m: u32, at: u32) -> vec4u {
  if (m == 0u) { return wq[at]; }
  if (m == 1u) { return wk[at]; }
  return wv[at];
}

fn gainAt(i: u32) -> vec4f {
  return norm[i];
}

// Stacked feature s as (matrix, row): queries (0), keys (1) or values (2).
fn locate(s: u32) -> vec2u {
  if (s < params.O[0]) { return vec2u(0u, s); }
  if (s < params.O[0] + params.O[1]) { return vec2u(1u, s - params.O[0]); }
  return vec2u(2u, s - params.O[0] - params.O[1]);
}

fn stacked() -> u32 {
  return params.O[0] + params.O[1] + params.O[2];
}

// Features past the end read the last value row, never written.
fn weightRow(w: u32, r: u32) -> vec2u {
  return locate(min(OUTPUTS * w + r, stacked() - 1u));
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let w = wg.x + wg.y * groups.x;
  computeTotals(w, lid.x);
  for (var j = lid.x; j < ROWS * OUTPUTS; j += WORKGROUP_SIZE) {
    let t = j / OUTPUTS;
    let s = OUTPUTS * w + j % OUTPUTS;
    if (t < params.T && s < stacked()) {
      let at = locate(s);
      let value = total(t, j % OUTPUTS);
      if (at.x == 0u) { q[t * params.O[0] + at.y] = value; }
      else if (at.x == 1u) { k[t * params.O[1] + at.y] = value; }
      else { v[t * params.O[2] + at.y] = value; }
    }
  }
}
