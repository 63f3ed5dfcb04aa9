/** Residual connection: out += inp, elementwise. CPU reference for gpu/kernels/add.wgsl. out, inp: (n). */
export function addInPlace(out: Float32Array, inp: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = out[i]! + inp[i]!;
}

/** A bias on every row: out[t, j] += bias[j]. CPU reference for gpu/kernels/bias.wgsl. out: (rows, width). */
export function addBias(out: Float32Array, bias: Float32Array, rows: number, width: number): void {
  for (let t = 0; t < rows; t++)
    for (let j = 0; j < width; j++) out[t * width + j] = out[t * width + j]! + bias[j]!;
}
