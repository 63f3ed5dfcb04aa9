// A linear layer with packed weights for many rows (prefill, draft verification): out = inp · dequant(weights)ᵀ,
// or out += … when ACCUMULATE (a residual add folded in), in 64 × 64 output tiles. linear-packed.ts prepends the
// weight format (packed-int.wgsl or packed-half.wgsl). For each chunk of 32 input features, threads 0–63 each
// dequantize one weight row's chunk into workgroup memory, to f32(scale · (code − zero)) as the CPU does, while
// every thread copies two 4-vectors of the input tile; then each of the 256 threads adds that depth of 32 to its
// 4 × 4 outputs. Mirrors engine/cpu/matmul-packed.ts.
@group(0) @binding(0) var<storage, read_write> out: array<f32>;  // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<vec4f>;      // (T, I/4)
@group(0) @binding(2) var<storage, read> weights: array<vec4u>;  // (O, I) packed in the weight format
@group(0) @binding(3) var<uniform> params: Params;

const ACCUMULATE: bool = false;
const TILE: u32 = 64u;
// Both tiles transposed, depth first, so that a step of depth reads consecutive rows and features: 16 KiB in all,
// the least workgroup memory every WebGPU device offers.
var<workgroup> x: array<array<f32, 64>, 32>; // (32, TILE): x[k][t - t0] = inp[t][32c + k]
var<workgroup> w: array<array<f32, 64>, 32>; // (32, TILE): w[k][o - o0] = weight[o][32c + k]

fn weightVector(m: u32, at: u32) -> vec4u {
  return weights[at];
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) l: u32) {
  let t0 = wg.y * TILE;
  let o0 = wg.x * TILE;
  var acc: array<vec4f, 4>; // acc[i][j]: row t0 + lid.y + 16i, feature o0 + lid.x + 16j
  for (var c = 0u; c < params.I / 32u; c++) {
    if (l < TILE) {
      let o = min(o0 + l, params.O[0] - 1u); // features past O read the last row, never written
      let chunk = loadChunk(0u, o, c);
      for (var m = 0u; m < 8u; m++) {
        let v = chunk.scale * quad(chunk, m) * QUAD_UNIT; // exactly f32(scale · (code − zero))
        for (var j = 0u; j < 4u; j++) { w[4u * m + j][l] = v[j]; }
      }
    }
    for (var e = l; e < 8u * TILE; e += 256u) { // 4-vector e % 8 of the tile's row e / 8
      let t = t0 + e / 8u;
      let m = e % 8u;
      let v = select(vec4f(0.0), inp[min(t, params.T - 1u) * (params.I / 4u) + 8u * c + m], t < params.T);
      for (var j = 0u; j < 4u; j++) { x[4u * m + j][e / 8u] = v[j]; }
    }
    workgroupBarrier();
    for (var k = 0u; k < 32u; k++) {
      let wk = vec4f(w[k][lid.x], w[k][lid.x + 16u], w[k][lid.x + 32u], w[k][lid.x + 48u]);
      for (var i = 0u; i < 4u; i++) { acc[i] += x[k][lid.y + 16u * i] * wk; }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    for (var j = 0u; j < 4u; j++) {
      let t = t0 + lid.y + 16u * i;
      let o = o0 + lid.x + 16u * j;
      let at = t * params.O[0] + o;
      if (t < params.T && o < params.O[0]) { out[at] = acc[i][j] + select(0.0, out[at], ACCUMULATE); }
    }
  }
}
