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

// Element `at` of the query (0), key (1) or value (2) weights.
fn weightAt(which: u32, at: u32) -> vec4f {
  if (which == 0u) { return wq[at]; }
  if (which == 1u) { return wk[at]; }
  return wv[at];
}

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
    let row = o * I4;
    // Four loads in flight per thread, then the remainder one at a time.
    var i = lid.x;
    for (; i + 3u * WORKGROUP_SIZE < I4; i += 4u * WORKGROUP_SIZE) {
      var w: array<vec4f, 4>;
      for (var u = 0u; u < 4u; u++) { w[u] = weightAt(which, row + i + u * WORKGROUP_SIZE); }
      for (var t = 0u; t < ROWS; t++) {
        acc[t] += dot(w[0], inputAt(t, i)) + dot(w[1], inputAt(t, i + WORKGROUP_SIZE)) +
          dot(w[2], inputAt(t, i + 2u * WORKGROUP_SIZE)) + dot(w[3], inputAt(t, i + 3u * WORKGROUP_SIZE));
      }
    }
    for (; i < I4; i += WORKGROUP_SIZE) {
      let w = weightAt(which, row + i);
      for (var t = 0u; t < ROWS; t++) { acc[t] += dot(w, inputAt(t, i)); }
    }
  }
  let total = reduceRows(lid.x, acc);
  if (lid.x < ROWS && lid.x < params.T) {
    let t = lid.x;
    if (which == 0u) { q[t * Oq + o] = total; } else if (which == 1u) { k[t * Okv + o] = total; } else if (which == 2u) { v[t * Okv + o] = total; }
  }
}
