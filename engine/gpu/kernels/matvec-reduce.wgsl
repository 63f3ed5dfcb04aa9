// Shared by the matrix-vector kernels (prepended to each by the host): threads stride over the input width, then
// each row's pair of partial dot products is summed over the workgroup (reducePairs: reduce-pairs.wgsl, or
// reduce-pairs-subgroups.wgsl on devices with subgroups). The kernel declares ROWS (input rows per pipeline) and
// binds `inp` (T, I/4) and `params` with fields T and I.
const WORKGROUP_SIZE: u32 = 128u;
var<workgroup> partial: array<vec2f, ROWS * WORKGROUP_SIZE>;

// Input row t's i-th 4-vector; rows past T (the pipeline covers up to ROWS) read as zero.
fn inputAt(t: u32, i: u32) -> vec4f {
  return select(vec4f(0.0), inp[min(t, params.T - 1u) * (params.I / 4u) + i], t < params.T);
}
