// An experiment: matvec-packed-core.wgsl's totals for int4 and int8 codes (symmetric) through WGSL's packed
// 4×8-bit integer dot products. Each chunk of 32 input features is rounded to integers q with a power of two,
// 2^k, chosen so that |q| ≤ 2^14 (k from the chunk's largest magnitude), and q is split into two signed bytes,
// q = 256·hi + lo; then a row's sum over the chunk is 256·dot(codes, hi) + dot(codes, lo) − zero·Σq, exact in
// i32, times the chunk's scale and 2^−k. Prepended by packed-int.wgsl (BITS 4 or 8, no zero-points), then the
// entry matvec-packed.wgsl; linear-packed.ts puts the `requires` directive first.

const ROWS: u32 = 1u;
const OUTPUTS: u32 = 8u;
const NORM: bool = false;
const WORKGROUP_SIZE: u32 = 64u;
// Diagnostic: every thread reads the same cached chunks, not the weights, and makes its input up (wrong results).
const NO_MEMORY: bool = false;
// Experiment: each thread loads its next chunk's rows before it works on this one's.
const PREFETCH: bool = false;
var<workgroup> partial: array<f32, ROWS * OUTPUTS * WORKGROUP_SIZE>;

// Input row t's i-th 4-vector; rows past T read as zero.
fn inputAt(t: u32, i: u32) -> vec4f {
  return select(vec4f(0.0), inp[min(t, params.T - 1u) * (params.I / 4u) + i], t < params.T);
}

// One chunk of one input row as the integer dots need it: hi and lo bytes in the order the codes sit in their
// words (int4: word j's even features at 2j, its odd ones at 2j + 1; int8: word w's four at w), Σq, and 2^−k.
struct Prepared { hi: array<u32, 8>, lo: array<u32, 8>, sum: i32, unit: f32 }

fn prepare(t: u32, c: u32) -> Prepared {
  var x: array<vec4f, 8>;
  var largest = 0.0;
  for (var q = 0u; q < 8u; q++) {
    if (NO_MEMORY) {
      x[q] = vec4f(f32(c + q) * 1e-3);
    } else {
      x[q] = inputAt(t, 8u * c + q);
    }
    let a = abs(x[q]);
    largest = max(largest, max(max(a.x, a.y), max(a.z, a.w)));
  }
  let k = 14 - frexp(largest).exp;
  let up = ldexp(1.0, k);
  var p: Prepared;
  p.unit = ldexp(1.0, -k);
  var sum = vec4i(0);
  var hi: array<vec4i, 8>;
  var lo: array<vec4i, 8>;
  for (var q = 0u; q < 8u; q++) {
    let n = vec4i(round(x[q] * up));
    sum += n;
    hi[q] = (n + 128) >> vec4u(8u);
    lo[q] = n - (hi[q] << vec4u(8u));
  }
  p.sum = sum.x + sum.y + sum.z + sum.w;
  for (var j = 0u; j < 4u; j++) {
    if (BITS == 4u) {
      // Word j holds features 8j … 8j + 7: even ones in its bytes masked by 0x0f0f0f0f, odd ones 4 bits up.
      let a = hi[2u * j];
      let b = hi[2u * j + 1u];
      let la = lo[2u * j];
      let lb = lo[2u * j + 1u];
      p.hi[2u * j] = pack4xI8(vec4i(a.x, a.z, b.x, b.z));
      p.hi[2u * j + 1u] = pack4xI8(vec4i(a.y, a.w, b.y, b.w));
      p.lo[2u * j] = pack4xI8(vec4i(la.x, la.z, lb.x, lb.z));
      p.lo[2u * j + 1u] = pack4xI8(vec4i(la.y, la.w, lb.y, lb.w));
    } else {
      // Word w holds features 4w … 4w + 3.
      p.hi[j] = pack4xI8(hi[j]);
      p.hi[j + 4u] = pack4xI8(hi[j + 4u]);
      p.lo[j] = pack4xI8(lo[j]);
      p.lo[j + 4u] = pack4xI8(lo[j + 4u]);
    }
  }
  return p;
}

// Σ (code − zero)·q over the chunk, exactly.
fn chunkDot(chunk: Chunk, p: Prepared) -> i32 {
  var high = 0i;
  var low = 0i;
  for (var j = 0u; j < 4u; j++) {
    if (BITS == 4u) {
      let w = chunk.low[j];
      let even = w & 0x0f0f0f0fu;
      let odd = (w >> 4u) & 0x0f0f0f0fu;
      high += dot4I8Packed(even, p.hi[2u * j]) + dot4I8Packed(odd, p.hi[2u * j + 1u]);
      low += dot4I8Packed(even, p.lo[2u * j]) + dot4I8Packed(odd, p.lo[2u * j + 1u]);
    } else {
      let a = chunk.low[j] ^ 0x80808080u;
      let b = chunk.high[j] ^ 0x80808080u;
      high += dot4I8Packed(a, p.hi[j]) + dot4I8Packed(b, p.hi[j + 4u]);
      low += dot4I8Packed(a, p.lo[j]) + dot4I8Packed(b, p.lo[j + 4u]);
    }
  }
  let zero = select(0i, i32(params.zero), BITS == 4u);
  return 256 * high + low - zero * p.sum;
}

// Chunk c of each of workgroup w's rows.
fn loadRows(w: u32, c: u32) -> array<Chunk, OUTPUTS> {
  var chunk: array<Chunk, OUTPUTS>;
  for (var r = 0u; r < OUTPUTS; r++) {
    let at = weightRow(w, r);
    chunk[r] = loadChunk(at.x, select(at.y, r, NO_MEMORY), select(c, 0u, NO_MEMORY));
  }
  return chunk;
}

fn computeTotals(w: u32, lid: u32) {
  var acc: array<array<f32, OUTPUTS>, ROWS>;
  let chunks = params.I / 32u;
  var chunk: array<Chunk, OUTPUTS>;
  if (PREFETCH && lid < chunks) { chunk = loadRows(w, lid); }
  for (var c = lid; c < chunks; c += WORKGROUP_SIZE) {
    var next: array<Chunk, OUTPUTS>;
    if (PREFETCH) {
      if (c + WORKGROUP_SIZE < chunks) { next = loadRows(w, c + WORKGROUP_SIZE); }
    } else {
      chunk = loadRows(w, c);
    }
    for (var t = 0u; t < ROWS; t++) {
      let p = prepare(t, c);
      for (var r = 0u; r < OUTPUTS; r++) {
        acc[t][r] += f32(chunkDot(chunk[r], p)) * (chunk[r].scale * p.unit);
      }
    }
    if (PREFETCH) { chunk = next; }
  }
  for (var t = 0u; t < ROWS; t++) {
    for (var r = 0u; r < OUTPUTS; r++) {
      partial[(t * OUTPUTS + r) * WORKGROUP_SIZE + (t * OUTPUTS + r + lid) % WORKGROUP_SIZE] = acc[t][r];
    }
  }
  workgroupBarrier();
  var sum = 0.0;
  if (lid < ROWS * OUTPUTS) {
    for (var k = 0u; k < WORKGROUP_SIZE; k++) { sum += partial[lid * WORKGROUP_SIZE + (lid + k) % WORKGROUP_SIZE]; }
  }
  workgroupBarrier();
  if (lid < ROWS * OUTPUTS) { partial[lid] = sum; }
  workgroupBarrier();
}

fn total(t: u32, r: u32) -> f32 {
  return partial[t * OUTPUTS + r];
}
