/**
 * The SwiGLU gate: silu(gate) · up, elementwise. CPU reference for gpu/kernels/swiglu.wgsl. Shazeer 2020.
 * out, gate, up: (T, F).
 */
export function swiglu(out: Float32Array, gate: Float32Array, up: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const g = gate[i]!;
    out[i] = (g / (1 + Math.exp(-g))) * up[i]!;
  }
}
