/**
 * Host side of the linear-layer kernels, all computing out = inp · weightᵀ with weight (O, I), I divisible by 4:
 * matvec.wgsl for up to 16 rows (decode, batched decode; one pipeline per row count 1, 2, 4, 8, 16),
 * matmul-tiled.wgsl for 17–63 rows (short prefills, verification), matmul-blocked.wgsl from 64 rows (prefill).
 * Twin: engine/cpu/matmul.ts.
 */
import matvecCode from './matvec.wgsl?raw';
import tiledCode from './matmul-tiled.wgsl?raw';
import blockedCode from './matmul-blocked.wgsl?raw';
import { Kernel, MAX_GROUPS_PER_DIMENSION, Params, groups, type Encode } from '../kernel';

/** Rows up to which the matrix-vector kernel is used. */
const MATVEC_MAX_ROWS = 16;
/** Rows from which the 128×128 register-blocked kernel is used. */
const BLOCKED_MIN_ROWS = 64;

const MATVEC_ROWS = [1, 2, 4, 8, 16] as const;

export class LinearKernels {
  readonly #matvec: Map<number, Kernel>;
  readonly #tiled: Kernel;
  readonly #blocked: Kernel;
  readonly #device: GPUDevice;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#matvec = new Map(
      MATVEC_ROWS.map((rows) => [
        rows,
        new Kernel(
          device,
          `matvec ×${rows}`,
          matvecCode.replace('const ROWS: u32 = 1u;', `const ROWS: u32 = ${rows}u;`),
        ),
      ]),
    );
    this.#tiled = new Kernel(device, 'matmul-tiled', tiledCode);
    this.#blocked = new Kernel(device, 'matmul-blocked', blockedCode);
  }

  /** Every pipeline, for checking that each compiles. */
  kernels(): Kernel[] {
    return [...this.#matvec.values(), this.#tiled, this.#blocked];
  }

  /** Bind out (T, O) = inp (T, I) · weight (O, I)ᵀ; the kernel is chosen per encode from T. */
  bind(label: string, out: GPUBuffer, inp: GPUBuffer, weight: GPUBuffer, I: number, O: number): Encode {
    if (I % 4 !== 0) throw new Error(`linear layer ${label}: the input width ${I} must be divisible by 4`);
    const params = new Params(this.#device, `linear ${label}`, ['u32', 'u32', 'u32']);
    const buffers = [out, inp, weight, params.buffer];
    // Bind groups (and so pipelines) are made the first time a row count needs them.
    const bound = new Map<Kernel, GPUBindGroup>();
    const dispatch = (pass: GPUComputePassEncoder, kernel: Kernel, x: number, y: number) => {
      if (!bound.has(kernel)) bound.set(kernel, kernel.bind(label, buffers));
      kernel.dispatch(pass, bound.get(kernel)!, x, y);
    };
    return (pass, T) => {
      params.set([T, I, O]);
      if (T <= MATVEC_MAX_ROWS) {
        const x = Math.min(O, MAX_GROUPS_PER_DIMENSION);
        dispatch(pass, this.#matvec.get(MATVEC_ROWS.find((rows) => rows >= T)!)!, x, Math.ceil(O / x));
      } else if (T < BLOCKED_MIN_ROWS) {
        dispatch(pass, this.#tiled, groups(O, 16), groups(T, 16));
      } else {
        dispatch(pass, this.#blocked, groups(O, 128), groups(T, 128));
      }
    };
  }
}
