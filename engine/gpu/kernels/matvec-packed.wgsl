// A linear layer with packed weights for a few rows: out = inp · dequant(weights)ᵀ, or out += … when ACCUMULATE
// (a residual add folded in). Workgroup w computes output features OUTPUTS·w onwards. With matvec-packed-core.wgsl.
@group(0) @binding(0) var<storage, read_write> out: array<f32>;  // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<vec4f>;      // (T, I/4)
@group(0) @binding(2) var<storage, read> weights: array<vec4u>;  // (O, I) packed in the weight format
@group(0) @binding(3) var<uniform> params: Params;

const ACCUMULATE: bool = false;

fn weightVector(m: u32, at: u32) -> vec4u {
  return weights[at];
}

fn gainAt(i: u32) -> vec4f {
  return vec4f(1.0);
}

// Features past O read the last row, never written.
fn weightRow(w: u32, r: u32) -> vec2u {
  return vec2u(0u, min(OUTPUTS * w + r, params.O[0] - 1u));
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let w = wg.x + wg.y * groups.x;
  computeTotals(w, lid.x);
  for (var j = lid.x; j < ROWS * OUTPUTS; j += WORKGROUP_SIZE) {
    let t = j / OUTPUTS;
    let o = OUTPUTS * w + j % OUTPUTS;
    let at = t * params.O[0] + o;
    if (t < params.T && o < params.O[0]) { out[at] = total(t, j % OUTPUTS) + select(0.0, out[at], ACCUMULATE); }
  }
}
