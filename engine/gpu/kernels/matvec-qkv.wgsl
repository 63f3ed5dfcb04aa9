// The attention norm and the query, key and value projections of a few rows in one dispatch: with the three
// stacked (queries first, then keys, then values), workgroup w computes stacked output features 2w and 2w + 1,
// reading the weight rows they need, from the residual stream with the RMSNorm folded in. With matvec-reduce.wgsl
// and matvec-norm.wgsl. Mirrors engine/cpu/rmsnorm.ts, then three calls of engine/cpu/matmul.ts.
struct Params { T: u32, I: u32, Oq: u32, Okv: u32, eps: f32 }

@group(0) @binding(0) var<storage, read_write> q: array<f32>;  // (T, Oq)
@group(0) @binding(1) var<storage, read_write> k: array<f32>;  // (T, Okv)
@group(0) @binding(2) var<storage, read_write> v: array<f32>;  // (T, Okv)
@group(0) @binding(3) var<storage, read> inp: array<vec4f>;    // (T, I/4), before the norm
@group(0) @binding(4) var<storage, read> norm: array<vec4f>;   // (I/4)
@group(0) @binding(5) var<storage, read> wq: array<vec4f>;     // (Oq, I/4)
@group(0) @binding(6) var<storage, read> wk: array<vec4f>;     // (Okv, I/4)
@group(0) @binding(7) var<storage, read> wv: array<vec4f>;     // (Okv, I/4)
@group(0) @binding(8) var<uniform> params: Params;

const ROWS: u32 = 1u;

// Stacked feature s as (which, o): the query (0), key (1) or value (2) weights and the feature within them;
// 3 past the end.
fn locate(s: u32) -> vec2u {
  let Oq = params.Oq;
  let Okv = params.Okv;
  if (s < Oq) { return vec2u(0u, s); }
  if (s < Oq + Okv) { return vec2u(1u, s - Oq); }
  if (s < Oq + 2u * Okv) { return vec2u(2u, s - Oq - Okv); }
  return vec2u(3u, 0u);
}

// Element `at` of the query (0), key (1) or value (2) weights.
fn weightAt(which: u32, at: u32) -> vec4f {
  if (which == 0u) { return wq[at]; }
  if (which == 1u) { return wk[at]; }
  return wv[at];
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u, at: Invocation) {
  let s = 2u * (wg.x + wg.y * groups.x);
  let a = locate(s);
  let b = locate(s + 1u);
  // Past the end, the second feature reads the first's row again (never written).
  let bRead = select(b, a, b.x == 3u);
  let I4 = params.I / 4u;
  var acc: array<vec2f, ROWS>;
  var squares: array<f32, ROWS>;
  if (a.x < 3u) {
    var i = lid.x;
    for (; i + WORKGROUP_SIZE < I4; i += 2u * WORKGROUP_SIZE) {
      let a0 = weightAt(a.x, a.y * I4 + i);
      let a1 = weightAt(a.x, a.y * I4 + i + WORKGROUP_SIZE);
      let b0 = weightAt(bRead.x, bRead.y * I4 + i);
      let b1 = weightAt(bRead.x, bRead.y * I4 + i + WORKGROUP_SIZE);
      let n0 = norm[i];
      let n1 = norm[i + WORKGROUP_SIZE];
      for (var t = 0u; t < ROWS; t++) {
        let x0 = inputAt(t, i);
        let x1 = inputAt(t, i + WORKGROUP_SIZE);
        let y0 = x0 * n0;
        let y1 = x1 * n1;
        acc[t] += vec2f(dot(a0, y0) + dot(a1, y1), dot(b0, y0) + dot(b1, y1));
        squares[t] += dot(x0, x0) + dot(x1, x1);
      }
    }
    for (; i < I4; i += WORKGROUP_SIZE) {
      let a0 = weightAt(a.x, a.y * I4 + i);
      let b0 = weightAt(bRead.x, bRead.y * I4 + i);
      let n = norm[i];
      for (var t = 0u; t < ROWS; t++) {
        let x = inputAt(t, i);
        acc[t] += vec2f(dot(a0, x * n), dot(b0, x * n));
        squares[t] += dot(x, x);
      }
    }
  }
  let total = reducePairs(at, acc) * rmsScale(at, squares);
  if (lid.x < ROWS && lid.x < params.T) {
    let t = lid.x;
    for (var j = 0u; j < 2u; j++) {
      let at = select(b, a, j == 0u);
      if (at.x == 0u) { q[t * params.Oq + at.y] = total[j]; }
      else if (at.x == 1u) { k[t * params.Okv + at.y] = total[j]; }
      else if (at.x == 2u) { v[t * params.Okv + at.y] = total[j]; }
    }
  }
}
