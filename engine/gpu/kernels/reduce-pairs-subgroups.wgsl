// Sum each row's pair of partials over the workgroup: within each subgroup first (subgroupAdd), then the subgroups'
// sums in order of subgroup; every thread returns row min(index, ROWS − 1)'s pair of totals, as reduce-pairs.wgsl.
fn reducePairs(at: Invocation, acc: array<vec2f, ROWS>) -> vec2f {
  for (var t = 0u; t < ROWS; t++) {
    let sum = subgroupAdd(acc[t]);
    if (at.lane == 0u) { partial[t * WORKGROUP_SIZE + at.subgroup] = sum; }
  }
  workgroupBarrier();
  let row = min(at.index, ROWS - 1u);
  var total = vec2f(0.0);
  for (var s = 0u; s < at.subgroups; s++) { total += partial[row * WORKGROUP_SIZE + s]; }
  workgroupBarrier();
  return total;
}
