// The invocation as the f32 matrix–vector kernels' sum over a workgroup sees it (prepended first by the host). This is
// the plain variant; invocation-subgroups.wgsl, for devices with subgroups, adds the invocation's subgroup.
struct Invocation {
  @builtin(local_invocation_index) index: u32,
}
