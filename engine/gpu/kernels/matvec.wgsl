// A linear layer for a few rows (decode, batched decode): out = inp · weightᵀ, or out += inp · weightᵀ when
// ACCUMULATE (a residual add folded in). One workgroup per output feature o reads weight row o once, 16 bytes per
// load, and applies it to ROWS input rows held in registers (the host builds one pipeline per ROWS in 1, 2, 4, 8,
// 16 and picks the smallest that covers T). With matvec-reduce.wgsl. Mirrors engine/cpu/matmul.ts (and add.ts).
struct Params { T: u32, I: u32, O: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<vec4f>;     // (T, I/4)
@group(0) @binding(2) var<storage, read> weight: array<vec4f>;  // (O, I/4)
@group(0) @binding(3) var<uniform> params: Params;

const ROWS: u32 = 1u;
const ACCUMULATE: bool = false;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let o = wg.x + wg.y * groups.x;
  let inRange = o < params.O;
  let I4 = params.I / 4u;
  var acc: array<f32, ROWS>;
  if (inRange) {
    let row = o * I4;
    // Four loads in flight per thread, then the remainder one at a time.
    var i = lid.x;
    for (; i + 3u * WORKGROUP_SIZE < I4; i += 4u * WORKGROUP_SIZE) {
      let w0 = weight[row + i];
      let w1 = weight[row + i + WORKGROUP_SIZE];
      let w2 = weight[row + i + 2u * WORKGROUP_SIZE];
      let w3 = weight[row + i + 3u * WORKGROUP_SIZE];
      for (var t = 0u; t < ROWS; t++) {
        acc[t] += dot(w0, inputAt(t, i)) + dot(w1, inputAt(t, i + WORKGROUP_SIZE)) +
          dot(w2, inputAt(t, i + 2u * WORKGROUP_SIZE)) + dot(w3, inputAt(t, i + 3u * WORKGROUP_SIZE));
      }
    }
    for (; i < I4; i += WORKGROUP_SIZE) {
      let w = weight[row + i];
      for (var t = 0u; t < ROWS; t++) { acc[t] += dot(w, inputAt(t, i)); }
    }
  }
  let total = reduceRows(lid.x, acc);
  if (inRange && lid.x < ROWS && lid.x < params.T) {
    let at = lid.x * params.O + o;
    if (ACCUMULATE) { out[at] += total; } else { out[at] = total; }
  }
}
