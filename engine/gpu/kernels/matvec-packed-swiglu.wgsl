// The MLP norm, the gate and up projections of a few rows and the SwiGLU between them in one dispatch, for packed
// weights: workgroup w reads gate rows and up rows HALF·w onwards (its first HALF weight rows the gate's, the next
// HALF the up's), from the residual stream with the RMSNorm folded in (NORM), and writes silu(gate) · up for those
// features. With matvec-packed-core.wgsl. Mirrors engine/cpu/rmsnorm.ts, two calls of engine/cpu/matmul-packed.ts
// and engine/cpu/swiglu.ts.
@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (T, O)
@group(0) @binding(1) var<storage, read> inp: array<vec4f>;     // (T, I/4), before the norm
@group(0) @binding(2) var<storage, read> norm: array<vec4f>;    // (I/4)
@group(0) @binding(3) var<storage, read> wGate: array<vec4u>;   // (O, I) packed
@group(0) @binding(4) var<storage, read> wUp: array<vec4u>;     // (O, I) packed
@group(0) @binding(5) var<uniform> params: Params;              // O: (O, O)

const HALF: u32 = OUTPUTS / 2u;

fn weightVector(m: u32, at: u32) -> vec4u {
  if (m == 0u) { return wGate[at]; }
  return wUp[at];
}

fn gainAt(i: u32) -> vec4f {
  return norm[i];
}

// Features past O read the last row, never written.
fn weightRow(w: u32, r: u32) -> vec2u {
  return vec2u(r / HALF, min(HALF * w + r % HALF, params.O[0] - 1u));
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let w = wg.x + wg.y * groups.x;
  computeTotals(w, lid.x);
  for (var j = lid.x; j < ROWS * HALF; j += WORKGROUP_SIZE) {
    let t = j / HALF;
    let o = HALF * w + j % HALF;
    if (t < params.T && o < params.O[0]) {
      let gate = total(t, j % HALF);
      out[t * params.O[0] + o] = gate / (1.0 + exp(-gate)) * total(t, j % HALF + HALF);
    }
  }
}
