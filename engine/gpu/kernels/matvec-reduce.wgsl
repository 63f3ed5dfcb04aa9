// Shared by the matrix-vector kernels (prepended to each by the host): threads stride over the input width, then a
// tree sum of their partial dot products per input row. The kernel declares ROWS (input rows per pipeline) and
// binds `inp` (T, I/4) and `params` with fields T and I.
const WORKGROUP_SIZE: u32 = 128u;
var<workgroup> partial: array<vec2f, ROWS * WORKGROUP_SIZE>;

// Input row t's i-th 4-vector; rows past T (the pipeline covers up to ROWS) read as zero.
fn inputAt(t: u32, i: u32) -> vec4f {
  return select(vec4f(0.0), inp[min(t, params.T - 1u) * (params.I / 4u) + i], t < params.T);
}

// Sum each row's pair of partials over the workgroup; thread t < ROWS returns row t's pair of totals.
fn reducePairs(lid: u32, acc: array<vec2f, ROWS>) -> vec2f {
  for (var t = 0u; t < ROWS; t++) { partial[t * WORKGROUP_SIZE + lid] = acc[t]; }
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      for (var t = 0u; t < ROWS; t++) { partial[t * WORKGROUP_SIZE + lid] += partial[t * WORKGROUP_SIZE + lid + stride]; }
    }
    workgroupBarrier();
  }
  let total = partial[min(lid, ROWS - 1u) * WORKGROUP_SIZE];
  workgroupBarrier();
  return total;
}
