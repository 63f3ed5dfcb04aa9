/** Residual connection: out += inp, elementwise. CPU reference for gpu/kernels/add.wgsl. out, inp: (n). */
export function addInPlace(out: Float32Array, inp: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = out[i]! + inp[i]!;
}
