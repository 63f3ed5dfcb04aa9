// A linear layer with packed weights for a few rows (decode, batched decode): out = inp · dequant(weights)ᵀ, or
// out += … when ACCUMULATE (a residual add folded in). linear-packed.ts prepends the weight format (packed-int.wgsl
// or packed-half.wgsl, which read and decode chunks of 32 input features) and matvec-reduce.wgsl. As in matvec.wgsl,
// workgroup w computes output features 2w and 2w + 1 for ROWS input rows (one pipeline per ROWS in 1, 2, 4, 8):
// each thread strides over the chunks, loading two chunks of each weight row before decoding any (four 16-byte
// loads in flight for int4, eight for int8), decodes each chunk once in registers and applies it to every input
// row as scale · Σ x·(code − zero); then the threads' sums are reduced. Mirrors engine/cpu/matmul-packed.ts.
@group(0) @binding(0) var<storage, read_write> out: array<f32>;  // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<vec4f>;      // (T, I/4)
@group(0) @binding(2) var<storage, read> weights: array<vec4u>;  // (O, I) packed in the weight format
@group(0) @binding(3) var<uniform> params: Params;

const ROWS: u32 = 1u;
const ACCUMULATE: bool = false;

// Add chunk c of both weight rows (a and b) applied to each input row to that row's pair of sums.
fn accumulate(acc: ptr<function, array<vec2f, ROWS>>, a: Chunk, b: Chunk, c: u32) {
  for (var t = 0u; t < ROWS; t++) {
    var sum = vec2f(0.0);
    for (var m = 0u; m < 8u; m++) {
      let x = inputAt(t, 8u * c + m);
      sum += vec2f(dot(a.values[m], x), dot(b.values[m], x));
    }
    (*acc)[t] += vec2f(a.scale, b.scale) * sum;
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let o = 2u * (wg.x + wg.y * groups.x);
  let chunks = params.I / 32u;
  // The second feature's row, or the first's again past the end (read, never written).
  let rows = vec2u(o, select(o, o + 1u, o + 1u < params.O));
  var acc: array<vec2f, ROWS>;
  if (o < params.O) {
    var c = lid.x;
    for (; c + WORKGROUP_SIZE < chunks; c += 2u * WORKGROUP_SIZE) {
      let a0 = loadWords(rows.x, c);
      let a1 = loadWords(rows.x, c + WORKGROUP_SIZE);
      let b0 = loadWords(rows.y, c);
      let b1 = loadWords(rows.y, c + WORKGROUP_SIZE);
      accumulate(&acc, decode(rows.x, c, a0), decode(rows.y, c, b0), c);
      accumulate(&acc, decode(rows.x, c + WORKGROUP_SIZE, a1), decode(rows.y, c + WORKGROUP_SIZE, b1), c + WORKGROUP_SIZE);
    }
    for (; c < chunks; c += WORKGROUP_SIZE) {
      accumulate(&acc, decode(rows.x, c, loadWords(rows.x, c)), decode(rows.y, c, loadWords(rows.y, c)), c);
    }
  }
  let total = reducePairs(lid.x, acc);
  let t = lid.x;
  for (var k = 0u; k < 2u; k++) {
    let at = t * params.O + o + k;
    if (t < min(ROWS, params.T) && o + k < params.O) { out[at] = total[k] + select(0.0, out[at], ACCUMULATE); }
  }
}
