// A linear layer for many rows (prefill, draft verification): out = inp · weightᵀ, in 16×16 output tiles, each
// thread one output, both operands staged through workgroup memory. Mirrors engine/cpu/matmul.ts.
struct Params { T: u32, I: u32, O: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<f32>;       // (T, I)
@group(0) @binding(2) var<storage, read> weight: array<f32>;    // (O, I)
@group(0) @binding(3) var<uniform> params: Params;

const TILE: u32 = 16u;
const ACCUMULATE: bool = false; // out += inp · weightᵀ (a residual add folded in)
var<workgroup> a: array<array<f32, 16>, 16>;
var<workgroup> w: array<array<f32, 16>, 16>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = wg.y * TILE + lid.y; // t
  let col = wg.x * TILE + lid.x; // o
  let wRow = wg.x * TILE + lid.y;
  var sum = 0.0;
  for (var k0 = 0u; k0 < params.I; k0 += TILE) {
    let k = k0 + lid.x;
    a[lid.y][lid.x] = select(0.0, inp[row * params.I + k], row < params.T && k < params.I);
    w[lid.y][lid.x] = select(0.0, weight[wRow * params.I + k], wRow < params.O && k < params.I);
    workgroupBarrier();
    for (var j = 0u; j < TILE; j++) { sum += a[lid.y][j] * w[lid.x][j]; }
    workgroupBarrier();
  }
  if (row < params.T && col < params.O) {
    let at = row * params.O + col;
    if (ACCUMULATE) { out[at] += sum; } else { out[at] = sum; }
  }
}
