// RMSNorm folded into a matrix–vector kernel (prepended after matvec-reduce.wgsl to the kernels that read the
// residual stream `inp` directly, bind the norm's weight `norm` (I/4) and have params.eps). The kernel dots each
// weight vector with x ⊙ norm and sums x² of each row in the same loop; this scales a row's totals by 1/rms(x),
// as engine/cpu/rmsnorm.ts scales x. A few rows of x are cheap to square again in every workgroup, and the norm no
// longer needs a dispatch of its own.
fn rmsScale(at: Invocation, squares: array<f32, ROWS>) -> f32 {
  var pairs: array<vec2f, ROWS>;
  for (var t = 0u; t < ROWS; t++) { pairs[t] = vec2f(squares[t], 0.0); }
  return inverseSqrt(reducePairs(at, pairs).x / f32(params.I) + params.eps);
}
