// A linear layer for 2 to 64 rows (batched decode, draft verification): out = inp · weightᵀ, or out += … when
// ACCUMULATE (a residual add folded in). Workgroup w owns COLS output features and one chunk of ROWS input rows;
// the chunks of one set of features are neighbours in dispatch order (w % chunks), so they run side by side and
// the weights they share are read from memory once and from cache after. Each thread strides over the input width,
// COLS weight loads in flight, holding ROWS × COLS partial sums in registers: each 16-byte weight load feeds ROWS
// dot products and each input load COLS. Then every thread sums one output over the workgroup. The host builds one
// pipeline per ROWS in 2, 4, 8 (more rows take chunks of 8: 8 × 8 sums a thread measured faster on an H100 than
// 16 × 4). Mirrors engine/cpu/matmul.ts (and add.ts).
struct Params { T: u32, I: u32, O: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<vec4f>;     // (T, I/4)
@group(0) @binding(2) var<storage, read> weight: array<vec4f>;  // (O, I/4)
@group(0) @binding(3) var<uniform> params: Params;

const ROWS: u32 = 1u;
const ACCUMULATE: bool = false;
const COLS: u32 = 8u;
const WORKGROUP_SIZE: u32 = 64u;
// partial[k][(j + k) % 64]: thread k's sum for output j, skewed so that writes by thread and reads by output both
// fall in distinct banks. ROWS · COLS ≤ 64.
var<workgroup> partial: array<f32, 4096>;

// Input row t's i-th 4-vector; rows past T read as zero.
fn inputAt(t: u32, i: u32) -> vec4f {
  return select(vec4f(0.0), inp[min(t, params.T - 1u) * (params.I / 4u) + i], t < params.T);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let chunks = (params.T + ROWS - 1u) / ROWS;
  let w = wg.x + wg.y * groups.x;
  let t0 = (w % chunks) * ROWS;
  let o0 = (w / chunks) * COLS;
  let I4 = params.I / 4u;
  var acc: array<array<f32, COLS>, ROWS>;
  if (o0 < params.O) {
    for (var i = lid.x; i < I4; i += WORKGROUP_SIZE) {
      var wv: array<vec4f, COLS>;
      for (var c = 0u; c < COLS; c++) { wv[c] = weight[min(o0 + c, params.O - 1u) * I4 + i]; }
      for (var t = 0u; t < ROWS; t++) {
        let x = inputAt(t0 + t, i);
        for (var c = 0u; c < COLS; c++) { acc[t][c] += dot(wv[c], x); }
      }
    }
  }
  for (var t = 0u; t < ROWS; t++) {
    for (var c = 0u; c < COLS; c++) {
      partial[lid.x * WORKGROUP_SIZE + (t * COLS + c + lid.x) % WORKGROUP_SIZE] = acc[t][c];
    }
  }
  workgroupBarrier();
  let j = lid.x;
  if (j < ROWS * COLS) {
    var total = 0.0;
    for (var k = 0u; k < WORKGROUP_SIZE; k++) { total += partial[k * WORKGROUP_SIZE + (j + k) % WORKGROUP_SIZE]; }
    let t = t0 + j / COLS;
    let o = o0 + j % COLS;
    if (t < params.T && o < params.O) {
      let at = t * params.O + o;
      if (ACCUMULATE) { out[at] += total; } else { out[at] = total; }
    }
  }
}
