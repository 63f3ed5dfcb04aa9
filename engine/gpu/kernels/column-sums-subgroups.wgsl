// The packed matrix–vector kernels' sums over the workgroup, within each subgroup first (subgroupAdd), then over the
// subgroups in workgroup memory: subgroup s's sum for column c sits at partial[c · WORKGROUP_SIZE + s]. For devices
// with subgroups; the plain variant is column-sums.wgsl, and the two must agree (linear-packed.gpu.test.ts).

// Adds this thread's partial sum for column `column` to its subgroup's, which the subgroup's first lane stores.
fn store(at: Invocation, column: u32, value: f32) {
  let sum = subgroupAdd(value);
  if (at.lane == 0u) { partial[column * WORKGROUP_SIZE + at.subgroup] = sum; }
}

// After every thread has stored its `count` columns: thread j < count returns column j's sum over the subgroups.
fn columnSums(at: Invocation, count: u32) -> f32 {
  workgroupBarrier();
  var sum = 0.0;
  if (at.index < count) {
    for (var s = 0u; s < at.subgroups; s++) { sum += partial[at.index * WORKGROUP_SIZE + s]; }
  }
  workgroupBarrier();
  return sum;
}
