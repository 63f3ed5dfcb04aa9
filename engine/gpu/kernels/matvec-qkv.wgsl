// The query, key and value projections of a few rows in one dispatch: workgroup o computes output feature o of
// the three stacked (queries first, then keys, then values), reading the one weight row it needs. With
// matvec-reduce.wgsl. Mirrors three calls of engine/cpu/matmul.ts.
struct Params { T: u32, I: u32, Oq: u32, Okv: u32 }

@group(0) @binding(0) var<storage, read_write> q: array<f32>;  // (T, Oq)
@group(0) @binding(1) var<storage, read_write> k: array<f32>;  // (T, Okv)
@group(0) @binding(2) var<storage, read_write> v: array<f32>;  // (T, Okv)
@group(0) @binding(3) var<storage, read> inp: array<vec4f>;    // (T, I/4)
@group(0) @binding(4) var<storage, read> wq: array<vec4f>;     // (Oq, I/4)
@group(0) @binding(5) var<storage, read> wk: array<vec4f>;     // (Okv, I/4)
@group(0) @binding(6) var<storage, read> wv: array<vec4f>;     // (Okv, I/4)
@group(0) @binding(7) var<uniform> params: Params;

const ROWS: u32 = 1u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let stacked = wg.x + wg.y * groups.x;
  let Oq = params.Oq;
  let Okv = params.Okv;
  // 0: query, 1: key, 2: value, 3: past the end.
  let which = select(select(select(3u, 2u, stacked < Oq + 2u * Okv), 1u, stacked < Oq + Okv), 0u, stacked < Oq);
  let o = stacked - select(select(Oq + Okv, Oq, which == 1u), 0u, which == 0u);
  let I4 = params.I / 4u;
  var acc: array<f32, ROWS>;
  if (which < 3u) {
    for (var i = lid.x; i < I4; i += WORKGROUP_SIZE) {
      var w: vec4f;
      if (which == 0u) { w = wq[o * I4 + i]; } else if (which == 1u) { w = wk[o * I4 + i]; } else { w = wv[o * I4 + i]; }
      for (var t = 0u; t < ROWS; t++) { acc[t] += dot(w, inputAt(t, i)); }
    }
  }
  let total = reduceRows(lid.x, acc);
  if (lid.x < ROWS && lid.x < params.T) {
    let t = lid.x;
    if (which == 0u) { q[t * Oq + o] = total; } else if (which == 1u) { k[t * Okv + o] = total; } else if (which == 2u) { v[t * Okv + o] = total; }
  }
}
