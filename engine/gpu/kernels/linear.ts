/**
 * Host side of the linear-layer kernels, all computing out = inp · weightᵀ (or out += …, a residual add folded in)
 * with weight (O, I), I divisible by 4: matvec.wgsl for up to 16 rows (decode, batched decode; one pipeline per
 * row count 1, 2, 4, 8, 16), matmul-tiled.wgsl for 17–63 rows (short prefills, verification), matmul-blocked.wgsl
 * from 64 rows (prefill). Up to 16 rows, the query, key and value projections run as one dispatch
 * (matvec-qkv.wgsl), and so do the MLP's gate and up projections with the SwiGLU (matvec-swiglu.wgsl).
 * Twins: engine/cpu/matmul.ts, add.ts, swiglu.ts.
 */
import reduceCode from './matvec-reduce.wgsl?raw';
import matvecCode from './matvec.wgsl?raw';
import qkvCode from './matvec-qkv.wgsl?raw';
import swigluCode from './matvec-swiglu.wgsl?raw';
import tiledCode from './matmul-tiled.wgsl?raw';
import blockedCode from './matmul-blocked.wgsl?raw';
import { Kernel, MAX_GROUPS_PER_DIMENSION, Params, groups, type Encode } from '../kernel';

/** Rows up to which the matrix-vector kernels are used. */
const MATVEC_MAX_ROWS = 16;
/** Rows from which the 128×128 register-blocked kernel is used. */
const BLOCKED_MIN_ROWS = 64;

const MATVEC_ROWS = [1, 2, 4, 8, 16] as const;

type Source = 'matvec' | 'qkv' | 'swiglu' | 'tiled' | 'blocked';

const SOURCES: Record<Source, string> = {
  matvec: reduceCode + matvecCode,
  qkv: reduceCode + qkvCode,
  swiglu: reduceCode + swigluCode,
  tiled: tiledCode,
  blocked: blockedCode,
};

/** A source with its ROWS and ACCUMULATE constants set. */
function specialise(source: Source, rows: number, accumulate: boolean): string {
  return SOURCES[source]
    .replace('const ROWS: u32 = 1u;', `const ROWS: u32 = ${rows}u;`)
    .replace('const ACCUMULATE: bool = false;', `const ACCUMULATE: bool = ${accumulate};`);
}

export interface LinearOptions {
  /** Add the product to what `out` holds (a residual connection) instead of overwriting it. */
  accumulate?: boolean;
}

export class LinearKernels {
  readonly #device: GPUDevice;
  readonly #kernels = new Map<string, Kernel>();

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  /** The pipeline for a source, row count and accumulation, made on first request (compiled on first use). */
  #kernel(source: Source, rows: number, accumulate = false): Kernel {
    const label = `${source}${source === 'tiled' || source === 'blocked' ? '' : ` ×${rows}`}${accumulate ? ' +=' : ''}`;
    let kernel = this.#kernels.get(label);
    if (!kernel) {
      kernel = new Kernel(this.#device, label, specialise(source, rows, accumulate));
      this.#kernels.set(label, kernel);
    }
    return kernel;
  }

  /** Every pipeline, for checking that each compiles. */
  kernels(): Kernel[] {
    return [
      ...MATVEC_ROWS.flatMap((rows) => [
        this.#kernel('matvec', rows),
        this.#kernel('matvec', rows, true),
        this.#kernel('qkv', rows),
        this.#kernel('swiglu', rows),
      ]),
      ...[false, true].flatMap((accumulate) => [
        this.#kernel('tiled', 1, accumulate),
        this.#kernel('blocked', 1, accumulate),
      ]),
    ];
  }

  /** An encoder that binds `buffers` to each kernel it is asked for, once. */
  #binder(label: string, buffers: readonly GPUBuffer[]) {
    const bound = new Map<Kernel, GPUBindGroup>();
    return (pass: GPUComputePassEncoder, kernel: Kernel, x: number, y: number) => {
      if (!bound.has(kernel)) bound.set(kernel, kernel.bind(label, buffers));
      kernel.dispatch(pass, bound.get(kernel)!, x, y);
    };
  }

  /** Bind out (T, O) = inp (T, I) · weight (O, I)ᵀ; the kernel is chosen per encode from T. */
  bind(
    label: string,
    out: GPUBuffer,
    inp: GPUBuffer,
    weight: GPUBuffer,
    I: number,
    O: number,
    { accumulate = false }: LinearOptions = {},
  ): Encode {
    checkWidth(label, I);
    const params = new Params(this.#device, `linear ${label}`, ['u32', 'u32', 'u32']);
    const dispatch = this.#binder(label, [out, inp, weight, params.buffer]);
    return (pass, T) => {
      params.set([T, I, O]);
      if (T <= MATVEC_MAX_ROWS) {
        dispatch(pass, this.#kernel('matvec', matvecRows(T), accumulate), ...perOutput(O));
      } else if (T < BLOCKED_MIN_ROWS) {
        dispatch(pass, this.#kernel('tiled', 1, accumulate), groups(O, 16), groups(T, 16));
      } else {
        dispatch(pass, this.#kernel('blocked', 1, accumulate), groups(O, 128), groups(T, 128));
      }
    };
  }

  /** Bind q, k, v = inp · (wq, wk, wv)ᵀ: one dispatch up to 16 rows, three linear layers beyond. */
  bindQkv(
    label: string,
    out: { q: GPUBuffer; k: GPUBuffer; v: GPUBuffer },
    inp: GPUBuffer,
    weight: { q: GPUBuffer; k: GPUBuffer; v: GPUBuffer },
    I: number,
    Oq: number,
    Okv: number,
  ): Encode {
    checkWidth(label, I);
    const separate = [
      this.bind(`${label} q`, out.q, inp, weight.q, I, Oq),
      this.bind(`${label} k`, out.k, inp, weight.k, I, Okv),
      this.bind(`${label} v`, out.v, inp, weight.v, I, Okv),
    ];
    const params = new Params(this.#device, `qkv ${label}`, ['u32', 'u32', 'u32', 'u32']);
    const dispatch = this.#binder(label, [
      out.q,
      out.k,
      out.v,
      inp,
      weight.q,
      weight.k,
      weight.v,
      params.buffer,
    ]);
    return (pass, T) => {
      if (T > MATVEC_MAX_ROWS) {
        for (const encode of separate) encode(pass, T);
        return;
      }
      params.set([T, I, Oq, Okv]);
      dispatch(pass, this.#kernel('qkv', matvecRows(T)), ...perOutput(Oq + 2 * Okv));
    };
  }

  /**
   * Bind gate ← silu(inp · wGateᵀ) · (inp · wUpᵀ): one dispatch up to 16 rows; beyond, the two linear layers into
   * `gate` and `up`, then `swiglu` (which must compute gate ← silu(gate) · up in place).
   */
  bindGateUp(
    label: string,
    gate: GPUBuffer,
    up: GPUBuffer,
    inp: GPUBuffer,
    weight: { gate: GPUBuffer; up: GPUBuffer },
    I: number,
    O: number,
    swiglu: Encode,
  ): Encode {
    checkWidth(label, I);
    const separate = [
      this.bind(`${label} gate`, gate, inp, weight.gate, I, O),
      this.bind(`${label} up`, up, inp, weight.up, I, O),
      swiglu,
    ];
    const params = new Params(this.#device, `gate-up ${label}`, ['u32', 'u32', 'u32']);
    const dispatch = this.#binder(label, [gate, inp, weight.gate, weight.up, params.buffer]);
    return (pass, T) => {
      if (T > MATVEC_MAX_ROWS) {
        for (const encode of separate) encode(pass, T);
        return;
      }
      params.set([T, I, O]);
      dispatch(pass, this.#kernel('swiglu', matvecRows(T)), ...perOutput(O));
    };
  }
}

function checkWidth(label: string, I: number): void {
  if (I % 4 !== 0) throw new Error(`linear layer ${label}: the input width ${I} must be divisible by 4`);
}

/** The smallest matvec pipeline covering T rows. */
function matvecRows(T: number): number {
  return MATVEC_ROWS.find((rows) => rows >= T)!;
}

/** One workgroup per output feature, spilling into y past the per-dimension limit. */
function perOutput(O: number): [number, number] {
  const x = Math.min(O, MAX_GROUPS_PER_DIMENSION);
  return [x, Math.ceil(O / x)];
}
