// The packed matrix–vector kernels' sums over the workgroup in workgroup memory (after matvec-packed-core.wgsl's
// `partial`); the subgroup variant is column-sums-subgroups.wgsl. Thread k's sum for column c sits at
// partial[c · WORKGROUP_SIZE + (k + c) % WORKGROUP_SIZE], skewed so that both the threads' writes and each column's
// reads fall in distinct banks.

// This thread's partial sum for column `column`.
fn store(at: Invocation, column: u32, value: f32) {
  partial[column * WORKGROUP_SIZE + (column + at.index) % WORKGROUP_SIZE] = value;
}

// After every thread has stored its `count` columns: thread j < count returns column j's sum over the threads.
fn columnSums(at: Invocation, count: u32) -> f32 {
  let lid = at.index;
  workgroupBarrier();
  var sum = 0.0;
  if (lid < count) {
    for (var k = 0u; k < WORKGROUP_SIZE; k++) { sum += partial[lid * WORKGROUP_SIZE + (lid + k) % WORKGROUP_SIZE]; }
  }
  workgroupBarrier();
  return sum;
}
