/**
 * CPU twins of the microbenchmark kernels in kernels/ (copy.wgsl, fma.wgsl): what each GPU thread computes, so the GPU
 * microbenchmarks can be checked for correct results before their timings are trusted.
 */

/** dst = src. Twin of copy.wgsl. */
export function copyTwin(dst: Float32Array, src: Float32Array): void {
  dst.set(src);
}

/** Thread i's output of fma.wgsl after `iterations` rounds, in f32 arithmetic. */
export function fmaTwin(out: Float32Array, threads: number, iterations: number): void {
  const f = Math.fround;
  const m = f(0.999);
  const k = f(0.001);
  for (let i = 0; i < threads; i++) {
    const seed = f((i % 7) * 0.125);
    const lanes = [0, 1, 2, 3].flatMap((chain) =>
      [0, 0.25, 0.5, 0.75].map((offset) => f(seed + offset + chain)),
    );
    for (let n = 0; n < iterations; n++) for (let j = 0; j < 16; j++) lanes[j] = f(lanes[j]! * m + k);
    let sum = 0;
    for (let lane = 0; lane < 4; lane++)
      sum = f(sum + f(f(f(lanes[lane]! + lanes[4 + lane]!) + lanes[8 + lane]!) + lanes[12 + lane]!));
    out[i] = sum;
  }
}

/** FLOPs fma.wgsl does: 4 vec4 chains × 4 lanes × 2 FLOPs per round, per thread. */
export function fmaTwinFlops(threads: number, iterations: number): number {
  return threads * iterations * 32;
}
