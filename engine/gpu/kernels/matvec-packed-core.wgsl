// The matrix–vector product over packed weights for a few rows (decode, batched decode), shared by the entries
// matvec-packed.wgsl (one matrix), matvec-packed-qkv.wgsl (query, key and value) and matvec-packed-swiglu.wgsl (gate
// and up). linear-packed.ts prepends the weight format (packed-int.wgsl or packed-half.wgsl: loadChunk reads 32
// input features of one weight row, quad decodes four of them), then the arithmetic (arithmetic-f32.wgsl, or where
// the device has shader-f16 and the weights are f16, arithmetic-half-f16.wgsl: codesOf gives a quad as the products
// need it, of type Quad), then this, then the entry, which binds `inp`
// (T, I/4) and `params`, and says which weight row each of a workgroup's OUTPUTS rows is (weightRow), how to read a
// matrix (weightVector) and the norm's gain (gainAt; 1 without NORM).
//
// Workgroup w reads OUTPUTS weight rows for ROWS input rows (one pipeline per ROWS in 1, 2, 4, 8). Each thread
// strides over the chunks: it loads chunk c of all OUTPUTS rows before decoding any (eight 16-byte loads in flight
// for int4, sixteen for int8), then for each four input features decodes those rows' codes once, in registers, and
// applies them to every input row, so that each input load serves OUTPUTS rows: packed weights are so few bytes
// that with fewer rows per workgroup the input, not the weights, would fill the memory traffic. The decoded codes
// are (code − zero)·2ᵇ (packed-int.wgsl), the input is scaled by QUAD_UNIT to undo the 2ᵇ, and each chunk's sum is
// multiplied by its scale once (formats that are SCALED; f16 weights are what they are, and keep one array of sums
// fewer in registers). With NORM the input is the residual stream: each thread also sums its rows' squares,
// the input is multiplied by the norm's gain, and the totals by 1/rms, as matvec-norm.wgsl does for f32 weights.
// Then each output's partial sums are added over the threads. Mirrors engine/cpu/rmsnorm.ts and
// engine/cpu/matmul-packed.ts.
const ROWS: u32 = 1u;
const OUTPUTS: u32 = 8u;
const NORM: bool = false;
// Set by the host: 64, or 128 for integer codes in rows of 256 chunks or more (linear-packed.ts).
const WORKGROUP_SIZE: u32 = 64u;
// partial[c · WORKGROUP_SIZE + (k + c) % WORKGROUP_SIZE]: thread k's sum for column c (a dot product,
// t · OUTPUTS + r, or with NORM a row's sum of squares), skewed so that both the threads' writes and each column's
// reads fall in distinct banks; then the totals, the first ROWS · OUTPUTS entries, and with NORM the rows' 1/rms
// after them. What the rows need, unless the format limits the workgroups resident at once (FEW_RESIDENT): then
// 16 KiB, the least workgroup memory every WebGPU device offers.
var<workgroup> partial: array<f32, select(ROWS * OUTPUTS * WORKGROUP_SIZE, 4096u, FEW_RESIDENT)>;

// Input row t's i-th 4-vector; rows past T (the pipeline covers up to ROWS) read as zero.
fn inputAt(t: u32, i: u32) -> vec4f {
  return select(vec4f(0.0), inp[min(t, params.T - 1u) * (params.I / 4u) + i], t < params.T);
}

// Workgroup w's totals: after this, total(t, r) in every thread.
fn computeTotals(w: u32, lid: u32) {
  var acc: array<array<f32, OUTPUTS>, ROWS>; // with SCALED, the sums of the chunks done, each times its scale
  var sums: array<array<f32, OUTPUTS>, ROWS>; // with SCALED, the current chunk's sums; else every chunk's
  var squares: array<f32, ROWS>;
  for (var c = lid; c < params.I / 32u; c += WORKGROUP_SIZE) {
    var chunk: array<Chunk, OUTPUTS>;
    for (var r = 0u; r < OUTPUTS; r++) {
      let at = weightRow(w, r);
      chunk[r] = loadChunk(at.x, at.y, c);
    }
    for (var q = 0u; q < 8u; q++) {
      var codes: array<Quad, OUTPUTS>; // features 32c + 4q … + 3 of each row
      for (var r = 0u; r < OUTPUTS; r++) { codes[r] = codesOf(chunk[r], q); }
      let gain = gainAt(8u * c + q) * QUAD_UNIT;
      for (var t = 0u; t < ROWS; t++) {
        let x = inputAt(t, 8u * c + q);
        if (NORM) { squares[t] += dot(x, x); }
        let y = Quad(x * gain);
        for (var r = 0u; r < OUTPUTS; r++) { sums[t][r] += f32(dot(codes[r], y)); }
      }
    }
    if (SCALED) {
      for (var t = 0u; t < ROWS; t++) {
        for (var r = 0u; r < OUTPUTS; r++) {
          acc[t][r] += chunk[r].scale * sums[t][r];
          sums[t][r] = 0.0;
        }
      }
    }
  }
  if (!SCALED) { acc = sums; }
  for (var t = 0u; t < ROWS; t++) {
    for (var r = 0u; r < OUTPUTS; r++) { store(lid, t * OUTPUTS + r, acc[t][r]); }
  }
  let dots = columnSums(lid, ROWS * OUTPUTS);
  var squared = 0.0;
  if (NORM) {
    for (var t = 0u; t < ROWS; t++) { store(lid, t, squares[t]); }
    squared = columnSums(lid, ROWS);
  }
  if (lid < ROWS * OUTPUTS) { partial[lid] = dots; }
  if (NORM && lid < ROWS) { partial[ROWS * OUTPUTS + lid] = inverseSqrt(squared / f32(params.I) + params.eps); }
  workgroupBarrier();
}

// After every thread has stored its `count` columns: thread j < count returns column j's sum over the threads.
fn columnSums(lid: u32, count: u32) -> f32 {
  workgroupBarrier();
  var sum = 0.0;
  if (lid < count) {
    for (var k = 0u; k < WORKGROUP_SIZE; k++) { sum += partial[lid * WORKGROUP_SIZE + (lid + k) % WORKGROUP_SIZE]; }
  }
  workgroupBarrier();
  return sum;
}

// Thread `lid`'s partial sum for column `column`.
fn store(lid: u32, column: u32, value: f32) {
  partial[column * WORKGROUP_SIZE + (column + lid) % WORKGROUP_SIZE] = value;
}

// Input row t's total for the workgroup's weight row r.
fn total(t: u32, r: u32) -> f32 {
  return partial[t * OUTPUTS + r] * select(1.0, partial[ROWS * OUTPUTS + t], NORM);
}
