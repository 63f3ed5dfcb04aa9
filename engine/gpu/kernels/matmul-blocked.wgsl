// A linear layer for many rows (prefill, verification): out = inp · weightᵀ, in 128×128 output tiles. 256 threads
// each compute an 8×8 block of outputs in registers from operands staged 8 columns of I at a time through workgroup
// memory, so each value loaded from memory feeds 8 multiply-adds. Needs I divisible by 4. Mirrors engine/cpu/matmul.ts.
// When the output has too few tiles to fill the GPU, linear.ts splits the input dimension: workgroup z sums input
// features z·splitDepth … onwards (splitDepth a multiple of DEPTH) into slice z of `out`, a scratch buffer (splits,
// T, O), whose slices split-sum.wgsl then adds; unsplit, splitDepth covers I and z is 0.
struct Params { T: u32, I: u32, O: u32, splitDepth: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<vec4f>;     // (T, I/4)
@group(0) @binding(2) var<storage, read> weight: array<vec4f>;  // (O, I/4)
@group(0) @binding(3) var<uniform> params: Params;

const TILE: u32 = 128u;
const DEPTH: u32 = 8u;
const ACCUMULATE: bool = false; // out += inp · weightᵀ (a residual add folded in)
// Operands transposed in workgroup memory: a[k][row], w[k][col], as vec4 along row/col.
var<workgroup> a: array<array<vec4f, 32>, DEPTH>;
var<workgroup> w: array<array<vec4f, 32>, DEPTH>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let rowBase = wg.y * TILE;
  let colBase = wg.x * TILE;
  let tx = lid % 16u; // column block: cols tx·4 .. +4 and 64 + tx·4 .. +4
  let ty = lid / 16u; // row block: rows ty·4 .. +4 and 64 + ty·4 .. +4
  let I4 = params.I / 4u;
  // Each thread loads one vec4 (4 consecutive k) of one row of each operand: row lid / 2, k-half lid % 2.
  let loadRow = lid / 2u;
  let loadK = (lid % 2u) * 4u;
  let kStart = wg.z * params.splitDepth;
  let kEnd = min(params.I, kStart + params.splitDepth);
  var acc: array<array<f32, 8>, 8>;
  for (var k0 = kStart; k0 < kEnd; k0 += DEPTH) {
    let kv = (k0 + loadK) / 4u;
    let inside = k0 + loadK < kEnd;
    let t = rowBase + loadRow;
    let o = colBase + loadRow;
    let av = select(vec4f(0.0), inp[min(t, params.T - 1u) * I4 + min(kv, I4 - 1u)], t < params.T && inside);
    let wv = select(vec4f(0.0), weight[min(o, params.O - 1u) * I4 + min(kv, I4 - 1u)], o < params.O && inside);
    let slot = loadRow / 4u;
    let lane = loadRow % 4u;
    a[loadK + 0u][slot][lane] = av.x;
    a[loadK + 1u][slot][lane] = av.y;
    a[loadK + 2u][slot][lane] = av.z;
    a[loadK + 3u][slot][lane] = av.w;
    w[loadK + 0u][slot][lane] = wv.x;
    w[loadK + 1u][slot][lane] = wv.y;
    w[loadK + 2u][slot][lane] = wv.z;
    w[loadK + 3u][slot][lane] = wv.w;
    workgroupBarrier();
    for (var k = 0u; k < DEPTH; k++) {
      let a0 = a[k][ty];
      let a1 = a[k][16u + ty];
      let w0 = w[k][tx];
      let w1 = w[k][16u + tx];
      let rows = array<f32, 8>(a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w);
      let cols = array<f32, 8>(w0.x, w0.y, w0.z, w0.w, w1.x, w1.y, w1.z, w1.w);
      for (var r = 0u; r < 8u; r++) {
        for (var c = 0u; c < 8u; c++) { acc[r][c] = fma(rows[r], cols[c], acc[r][c]); }
      }
    }
    workgroupBarrier();
  }
  let slice = wg.z * params.T * params.O;
  for (var r = 0u; r < 8u; r++) {
    let t = rowBase + select(ty * 4u + r, 64u + ty * 4u + r - 4u, r >= 4u);
    if (t >= params.T) { continue; }
    for (var c = 0u; c < 8u; c++) {
      let o = colBase + select(tx * 4u + c, 64u + tx * 4u + c - 4u, c >= 4u);
      if (o < params.O) {
        let at = slice + t * params.O + o;
        if (ACCUMULATE) { out[at] += acc[r][c]; } else { out[at] = acc[r][c]; }
      }
    }
  }
}
