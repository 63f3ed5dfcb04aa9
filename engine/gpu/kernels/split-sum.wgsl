// The sum of the blocked kernel's split slices (matmul-blocked.wgsl): out[i] = Σ_z partial[z·n + i] for the n = T·O
// outputs, or out[i] += … (a residual add folded in). Mirrors engine/cpu/matmul.ts with the sum over the input
// dimension taken in `splits` parts.
struct Params { n: u32, splits: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;  // (T, O)
@group(0) @binding(1) var<storage, read> partial: array<f32>;    // (splits, T, O)
@group(0) @binding(2) var<uniform> params: Params;

const ACCUMULATE: bool = false;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = id.x + id.y * groups.x * 256u;
  if (i >= params.n) { return; }
  var sum = select(0.0, out[i], ACCUMULATE);
  for (var z = 0u; z < params.splits; z++) { sum += partial[z * params.n + i]; }
  out[i] = sum;
}
