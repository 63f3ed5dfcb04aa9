/**
 * The SwiGLU gate, in place: gate ← silu(gate) · up, elementwise. CPU reference for gpu/kernels/swiglu.wgsl
 * (in place there too: WebGPU forbids binding one buffer as both output and input). Shazeer 2020.
 * gate, up: (T, F).
 */
export function swiglu(gate: Float32Array, up: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const g = gate[i]!;
    gate[i] = (g / (1 + Math.exp(-g))) * up[i]!;
  }
}
