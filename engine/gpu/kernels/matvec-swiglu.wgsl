// The MLP norm, the gate and up projections of a few rows and the SwiGLU between them, in one dispatch: workgroup
// o reads gate row o and up row o and writes silu(gate) · up for feature o, from the residual stream with the
// RMSNorm folded in. With matvec-reduce.wgsl and matvec-norm.wgsl. Mirrors engine/cpu/rmsnorm.ts, two calls of
// engine/cpu/matmul.ts and engine/cpu/swiglu.ts.
struct Params { T: u32, I: u32, O: u32, eps: f32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<vec4f>;     // (T, I/4), before the norm
@group(0) @binding(2) var<storage, read> norm: array<vec4f>;    // (I/4)
@group(0) @binding(3) var<storage, read> wGate: array<vec4f>;   // (O, I/4)
@group(0) @binding(4) var<storage, read> wUp: array<vec4f>;     // (O, I/4)
@group(0) @binding(5) var<uniform> params: Params;

const ROWS: u32 = 1u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u, at: Invocation) {
  let o = wg.x + wg.y * groups.x;
  let inRange = o < params.O;
  let I4 = params.I / 4u;
  var acc: array<vec2f, ROWS>; // (gate, up)
  var squares: array<f32, ROWS>;
  if (inRange) {
    let row = o * I4;
    // Four loads in flight per thread (two from each matrix), then the remainder.
    var i = lid.x;
    for (; i + WORKGROUP_SIZE < I4; i += 2u * WORKGROUP_SIZE) {
      let g0 = wGate[row + i];
      let g1 = wGate[row + i + WORKGROUP_SIZE];
      let u0 = wUp[row + i];
      let u1 = wUp[row + i + WORKGROUP_SIZE];
      let n0 = norm[i];
      let n1 = norm[i + WORKGROUP_SIZE];
      for (var t = 0u; t < ROWS; t++) {
        let x0 = inputAt(t, i);
        let x1 = inputAt(t, i + WORKGROUP_SIZE);
        let y0 = x0 * n0;
        let y1 = x1 * n1;
        acc[t] += vec2f(dot(g0, y0) + dot(g1, y1), dot(u0, y0) + dot(u1, y1));
        squares[t] += dot(x0, x0) + dot(x1, x1);
      }
    }
    for (; i < I4; i += WORKGROUP_SIZE) {
      let g = wGate[row + i];
      let u = wUp[row + i];
      let n = norm[i];
      for (var t = 0u; t < ROWS; t++) {
        let x = inputAt(t, i);
        acc[t] += vec2f(dot(g, x * n), dot(u, x * n));
        squares[t] += dot(x, x);
      }
    }
  }
  let total = reducePairs(at, acc) * rmsScale(at, squares);
  if (inRange && lid.x < ROWS && lid.x < params.T) { out[lid.x * params.O + o] = total.x / (1.0 + exp(-total.x)) * total.y; }
}
