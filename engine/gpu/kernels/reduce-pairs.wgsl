// Sum each row's pair of partials over the workgroup by a tree in workgroup memory; every thread returns row
// min(index, ROWS − 1)'s pair of totals. After matvec-reduce.wgsl; the subgroup variant is reduce-pairs-subgroups.wgsl.
fn reducePairs(at: Invocation, acc: array<vec2f, ROWS>) -> vec2f {
  let lid = at.index;
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
