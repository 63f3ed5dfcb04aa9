// A linear layer for a few rows (decode, batched decode): out = inp · weightᵀ, or out += inp · weightᵀ when
// ACCUMULATE (a residual add folded in). Workgroup w computes output features 2w and 2w + 1: it reads their weight
// rows once, 16 bytes per load, two loads from each row in flight, and applies them to ROWS input rows held in
// registers (the host builds one pipeline per ROWS in 1, 2, 4, 8, 16 and picks the smallest that covers T). Two
// features per workgroup halve the workgroups' fixed cost (start, reduction) per byte. With matvec-reduce.wgsl.
// Mirrors engine/cpu/matmul.ts (and add.ts).
struct Params { T: u32, I: u32, O: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<vec4f>;     // (T, I/4)
@group(0) @binding(2) var<storage, read> weight: array<vec4f>;  // (O, I/4)
@group(0) @binding(3) var<uniform> params: Params;

const ROWS: u32 = 1u;
const ACCUMULATE: bool = false;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u, at: Invocation) {
  let o = 2u * (wg.x + wg.y * groups.x);
  let I4 = params.I / 4u;
  // The second feature's row, or the first's again past the end (read, never written).
  let rows = vec2u(o, select(o, o + 1u, o + 1u < params.O)) * I4;
  var acc: array<vec2f, ROWS>;
  if (o < params.O) {
    var i = lid.x;
    for (; i + WORKGROUP_SIZE < I4; i += 2u * WORKGROUP_SIZE) {
      let a0 = weight[rows.x + i];
      let a1 = weight[rows.x + i + WORKGROUP_SIZE];
      let b0 = weight[rows.y + i];
      let b1 = weight[rows.y + i + WORKGROUP_SIZE];
      for (var t = 0u; t < ROWS; t++) {
        let x0 = inputAt(t, i);
        let x1 = inputAt(t, i + WORKGROUP_SIZE);
        acc[t] += vec2f(dot(a0, x0) + dot(a1, x1), dot(b0, x0) + dot(b1, x1));
      }
    }
    for (; i < I4; i += WORKGROUP_SIZE) {
      let a = weight[rows.x + i];
      let b = weight[rows.y + i];
      for (var t = 0u; t < ROWS; t++) {
        let x = inputAt(t, i);
        acc[t] += vec2f(dot(a, x), dot(b, x));
      }
    }
  }
  let total = reducePairs(at, acc);
  if (lid.x < ROWS && lid.x < params.T) {
    for (var k = 0u; k < 2u; k++) {
      if (o + k < params.O) {
        let at = lid.x * params.O + o + k;
        if (ACCUMULATE) { out[at] += total[k]; } else { out[at] = total[k]; }
      }
    }
  }
}
