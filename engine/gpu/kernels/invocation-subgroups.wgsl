// The invocation with its subgroup, for the sum over a workgroup that adds within each subgroup first
// (reduce-pairs-subgroups.wgsl). Prepended first by the host, on devices given the
// 'subgroups' feature, which acquireGpu asks for only where WGSL offers subgroup_id too (engine/gpu/device.ts).
enable subgroups;
requires subgroup_id;

struct Invocation {
  @builtin(local_invocation_index) index: u32,
  @builtin(subgroup_invocation_id) lane: u32,
  @builtin(subgroup_id) subgroup: u32,
  @builtin(num_subgroups) subgroups: u32,
}
