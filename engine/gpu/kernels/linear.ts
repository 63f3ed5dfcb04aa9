/**
 * Host side of the two linear-layer kernels: matvec.wgsl for up to 16 rows (decode, batched decode) and
 * matmul-tiled.wgsl for more (prefill, verification). Both compute out = inp · weightᵀ with weight (O, I).
 * Twin: engine/cpu/matmul.ts.
 */
import matvecCode from './matvec.wgsl?raw';
import tiledCode from './matmul-tiled.wgsl?raw';
import { Kernel, MAX_GROUPS_PER_DIMENSION, Params, groups } from '../kernel';

/** Rows up to which the matrix-vector kernel is used. */
export const MATVEC_MAX_ROWS = 16;

export class LinearKernels {
  readonly #matvec: Kernel;
  readonly #tiled: Kernel;
  readonly #device: GPUDevice;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#matvec = new Kernel(device, 'matvec', matvecCode);
    this.#tiled = new Kernel(device, 'matmul-tiled', tiledCode);
  }

  /** Bind out (T, O) = inp (T, I) · weight (O, I)ᵀ; the kernel is chosen per encode from T. */
  bind(label: string, out: GPUBuffer, inp: GPUBuffer, weight: GPUBuffer, I: number, O: number) {
    const params = new Params(this.#device, `linear ${label}`, ['u32', 'u32', 'u32']);
    const matvecGroup = this.#matvec.bind(label, [out, inp, weight, params.buffer]);
    const tiledGroup = this.#tiled.bind(label, [out, inp, weight, params.buffer]);
    return (pass: GPUComputePassEncoder, T: number) => {
      params.set([T, I, O]);
      if (T <= MATVEC_MAX_ROWS) {
        const x = Math.min(O, MAX_GROUPS_PER_DIMENSION);
        this.#matvec.dispatch(pass, matvecGroup, x, Math.ceil(O / x));
      } else {
        this.#tiled.dispatch(pass, tiledGroup, groups(O, 16), groups(T, 16));
      }
    };
  }
}
