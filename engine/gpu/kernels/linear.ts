/**
 * Host side of the linear-layer kernels, all computing out = inp · weightᵀ (or out += …, a residual add folded in)
 * with weight (O, I), I divisible by 4: matvec.wgsl for up to 8 rows (decode, small batches; one pipeline per row
 * count 1, 2, 4, 8), matmul-skinny.wgsl for 9–64 rows (batched decode, draft verification; rows in chunks of 8),
 * matmul-blocked.wgsl beyond (prefill), as measured best on an H100 (docs/performance.md); the blocked kernel splits
 * the input dimension when its output tiles are too few to fill the GPU (blockedSplits; split-sum.wgsl adds the
 * parts). The other row counts of
 * both, and matmul-tiled.wgsl, the first simple kernel, stay for comparison (bench/run-bench.ts times them all).
 * Up to 8 rows, the RMSNorm and the query, key and value projections run as one dispatch (matvec-qkv.wgsl), and so
 * do the RMSNorm, the MLP's gate and up projections and the SwiGLU (matvec-swiglu.wgsl). Twins: engine/cpu/rmsnorm.ts, matmul.ts, add.ts, swiglu.ts.
 */
import reduceCode from './matvec-reduce.wgsl?raw';
import normCode from './matvec-norm.wgsl?raw';
import matvecCode from './matvec.wgsl?raw';
import qkvCode from './matvec-qkv.wgsl?raw';
import swigluCode from './matvec-swiglu.wgsl?raw';
import skinnyCode from './matmul-skinny.wgsl?raw';
import tiledCode from './matmul-tiled.wgsl?raw';
import blockedCode from './matmul-blocked.wgsl?raw';
import splitSumCode from './split-sum.wgsl?raw';
import { storageBuffer } from '../buffers';
import {
  Kernel,
  MAX_GROUPS_PER_DIMENSION,
  Params,
  dispatchLinear,
  groups,
  upToRows,
  type Encode,
} from '../kernel';
import { specialise } from '../specialise';
import { reductionsFor, type Reductions } from './reductions';

/**
 * Rows up to which a linear layer uses the matrix-vector kernel, and the fused ones (norm + q/k/v, norm + gate/up +
 * SwiGLU) run: past 8 rows the skinny kernel was faster on an H100 (docs/performance.md).
 */
const MATVEC_MAX_ROWS = 8;
/** Rows up to which a linear layer uses the skinny kernel; the 128×128 register-blocked kernel beyond. */
const SKINNY_MAX_ROWS = 64;

/**
 * Output tiles of the blocked kernel below which it splits the input dimension, aiming at about this many
 * workgroups: 128 prompt tokens through a 4,096-wide layer make 32 tiles of 128 × 128, a quarter of an H200's 132
 * multiprocessors (docs/performance.md, "Prefill beside ONNX Runtime Web").
 */
const SPLIT_TARGET = 128;
/** Fewest input features one split sums. */
const MIN_SPLIT_DEPTH = 256;
/** Floats of the scratch buffer the splits write their parts to (16 MiB), made at the first split. */
const SCRATCH_FLOATS = 1 << 22;

/**
 * How the blocked kernel splits the input dimension for T rows of I → O: `splits` parts of `depth` input features
 * (the last may be shorter; a multiple of 8, the kernel's step), one part when the tiles are enough.
 */
export function blockedSplits(T: number, I: number, O: number): { splits: number; depth: number } {
  const tiles = groups(O, 128) * groups(T, 128);
  const wanted = Math.min(
    Math.ceil(SPLIT_TARGET / tiles),
    Math.floor(I / MIN_SPLIT_DEPTH),
    Math.floor(SCRATCH_FLOATS / (T * O)),
  );
  const depth = Math.ceil(I / Math.max(1, wanted) / 8) * 8;
  return { splits: Math.ceil(I / depth), depth };
}

const MATVEC_ROWS = [1, 2, 4, 8, 16] as const;
/** Output features per workgroup of matvec.wgsl and matvec-qkv.wgsl. */
const MATVEC_OUTPUTS = 2;
/** Input rows per workgroup of the skinny kernel's pipelines; more rows take several chunks of 8. */
const SKINNY_ROWS = [2, 4, 8] as const;
/** Output features per workgroup of the skinny kernel (COLS in matmul-skinny.wgsl). */
const SKINNY_COLS = 8;

/** The linear-layer kernels a caller can ask for by name (benchmarks compare them). */
export type LinearKernel = 'matvec' | 'skinny' | 'tiled' | 'blocked';

type Source = LinearKernel | 'qkv' | 'swiglu' | 'split-sum';

type Sources = Record<Source, { code: string; constants: readonly ('ROWS' | 'ACCUMULATE')[] }>;

/** Each source's code and the constants it is specialised on (see specialise.ts): ROWS, ACCUMULATE or both. */
function sourcesWith(sums: Reductions): Sources {
  const matvec = sums.invocation + reduceCode + sums.pairs;
  return {
    matvec: { code: matvec + matvecCode, constants: ['ROWS', 'ACCUMULATE'] },
    qkv: { code: matvec + normCode + qkvCode, constants: ['ROWS'] },
    swiglu: { code: matvec + normCode + swigluCode, constants: ['ROWS'] },
    skinny: { code: skinnyCode, constants: ['ROWS', 'ACCUMULATE'] },
    tiled: { code: tiledCode, constants: ['ACCUMULATE'] },
    blocked: { code: blockedCode, constants: ['ACCUMULATE'] },
    'split-sum': { code: splitSumCode, constants: ['ACCUMULATE'] },
  };
}

/** A source with the ROWS and ACCUMULATE constants it declares set; asking to accumulate where it cannot throws. */
function specialised(
  sources: Sources,
  source: Source,
  label: string,
  rows: number,
  accumulate: boolean,
): string {
  const { code, constants } = sources[source];
  if (accumulate && !constants.includes('ACCUMULATE'))
    throw new Error(`${label}: ${source} cannot accumulate`);
  const values = { ROWS: rows, ACCUMULATE: accumulate };
  return specialise(code, Object.fromEntries(constants.map((name) => [name, values[name]])), label);
}

export interface LinearOptions {
  /** Add the product to what `out` holds (a residual connection) instead of overwriting it. */
  accumulate?: boolean;
  /** Use this kernel for every row count it takes instead of the one chosen by row count. */
  kernel?: LinearKernel;
}

/** The RMSNorm before a projection: folded into the fused kernels, else a dispatch of its own into `normed`. */
export interface FoldedNorm {
  /** The norm's weight (I). */
  weight: GPUBuffer;
  eps: number;
  /** Where the separate norm writes (T, I), read by the projections of more rows than the fused kernels take. */
  normed: GPUBuffer;
  /** The separate norm: normed ← rmsnorm(inp) · weight. */
  encode: Encode;
}

export class LinearKernels {
  readonly #device: GPUDevice;
  readonly #sources: Sources;
  readonly #kernels = new Map<string, Kernel>();
  #splitScratch: GPUBuffer | undefined;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#sources = sourcesWith(reductionsFor(device));
  }

  /** The pipeline for a source, row count and accumulation, made on first request (compiled on first use). */
  #kernel(source: Source, rows: number, accumulate = false): Kernel {
    const shape = source === 'tiled' || source === 'blocked' || source === 'split-sum' ? '' : ` ×${rows}`;
    const label = `${source}${shape}${accumulate ? ' +=' : ''}`;
    let kernel = this.#kernels.get(label);
    if (!kernel) {
      kernel = new Kernel(this.#device, label, specialised(this.#sources, source, label, rows, accumulate));
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
      ...SKINNY_ROWS.flatMap((rows) => [this.#kernel('skinny', rows), this.#kernel('skinny', rows, true)]),
      ...[false, true].flatMap((accumulate) => [
        this.#kernel('tiled', 1, accumulate),
        this.#kernel('blocked', 1, accumulate),
        this.#kernel('split-sum', 1, accumulate),
      ]),
    ];
  }

  /** The scratch buffer the blocked kernel's splits write to, made on first use and shared by every layer. */
  #scratch(): GPUBuffer {
    this.#splitScratch ??= storageBuffer(this.#device, 'linear split parts', SCRATCH_FLOATS * 4);
    return this.#splitScratch;
  }

  /** An encoder that binds `buffers` to each kernel it is asked for, once. */
  #binder(label: string, buffers: readonly GPUBuffer[]) {
    const bound = new Map<Kernel, GPUBindGroup>();
    return (pass: GPUComputePassEncoder, kernel: Kernel, [x, y, z = 1]: [number, number, number?]) => {
      if (!bound.has(kernel)) bound.set(kernel, kernel.bind(label, buffers));
      kernel.dispatch(pass, bound.get(kernel)!, x, y, z);
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
    { accumulate = false, kernel }: LinearOptions = {},
  ): Encode {
    checkWidth(label, I);
    const params = new Params(this.#device, `linear ${label}`, ['u32', 'u32', 'u32', 'u32']);
    const dispatch = this.#binder(label, [out, inp, weight, params.buffer]);
    const split = this.#splitter(label, out, inp, weight, params, accumulate);
    return (pass, T) => {
      const chosen = kernel ?? linearKernelFor(T);
      const { splits, depth } = chosen === 'blocked' ? blockedSplits(T, I, O) : { splits: 1, depth: I };
      params.set([T, I, O, depth]);
      if (splits > 1) return split(pass, T, O, splits);
      if (chosen === 'matvec') {
        if (T > 16) throw new Error('the matrix-vector kernel takes at most 16 rows');
        dispatch(
          pass,
          this.#kernel('matvec', fitting(MATVEC_ROWS, T), accumulate),
          spread(groups(O, MATVEC_OUTPUTS)),
        );
      } else if (chosen === 'skinny') {
        const rows = fitting(SKINNY_ROWS, Math.min(T, 8));
        dispatch(
          pass,
          this.#kernel('skinny', rows, accumulate),
          spread(groups(O, SKINNY_COLS) * groups(T, rows)),
        );
      } else if (chosen === 'tiled') {
        dispatch(pass, this.#kernel('tiled', 1, accumulate), [groups(O, 16), groups(T, 16)]);
      } else {
        dispatch(pass, this.#kernel('blocked', 1, accumulate), [groups(O, 128), groups(T, 128)]);
      }
    };
  }

  /**
   * The blocked kernel with the input dimension in `splits` parts, each into its slice of the scratch buffer, then
   * split-sum.wgsl adding the slices into `out` (or onto it, with `accumulate`); `params` set by the caller.
   */
  #splitter(
    label: string,
    out: GPUBuffer,
    inp: GPUBuffer,
    weight: GPUBuffer,
    params: Params,
    accumulate: boolean,
  ) {
    const sumParams = new Params(this.#device, `split sum ${label}`, ['u32', 'u32']);
    let bound: { parts: GPUBindGroup; sum: GPUBindGroup } | undefined;
    return (pass: GPUComputePassEncoder, T: number, O: number, splits: number) => {
      const parts = this.#kernel('blocked', 1);
      const sum = this.#kernel('split-sum', 1, accumulate);
      const scratch = this.#scratch();
      bound ??= {
        parts: parts.bind(`${label} split`, [scratch, inp, weight, params.buffer]),
        sum: sum.bind(`${label} split sum`, [out, scratch, sumParams.buffer]),
      };
      sumParams.set([T * O, splits]);
      parts.dispatch(pass, bound.parts, groups(O, 128), groups(T, 128), splits);
      dispatchLinear(sum, pass, bound.sum, T * O, 256);
    };
  }

  /**
   * Bind q, k, v = rmsnorm(inp) · (wq, wk, wv)ᵀ: one dispatch up to 8 rows; beyond, the norm and three linear
   * layers.
   */
  bindQkv(
    label: string,
    out: { q: GPUBuffer; k: GPUBuffer; v: GPUBuffer },
    inp: GPUBuffer,
    norm: FoldedNorm,
    weight: { q: GPUBuffer; k: GPUBuffer; v: GPUBuffer },
    I: number,
    Oq: number,
    Okv: number,
  ): Encode {
    checkWidth(label, I);
    const separate = [
      norm.encode,
      this.bind(`${label} q`, out.q, norm.normed, weight.q, I, Oq),
      this.bind(`${label} k`, out.k, norm.normed, weight.k, I, Okv),
      this.bind(`${label} v`, out.v, norm.normed, weight.v, I, Okv),
    ];
    const params = new Params(this.#device, `qkv ${label}`, ['u32', 'u32', 'u32', 'u32', 'f32']);
    const dispatch = this.#binder(label, [
      out.q,
      out.k,
      out.v,
      inp,
      norm.weight,
      weight.q,
      weight.k,
      weight.v,
      params.buffer,
    ]);
    const fused: Encode = (pass, T) => {
      params.set([T, I, Oq, Okv, norm.eps]);
      dispatch(
        pass,
        this.#kernel('qkv', fitting(MATVEC_ROWS, T)),
        spread(groups(Oq + 2 * Okv, MATVEC_OUTPUTS)),
      );
    };
    return upToRows(MATVEC_MAX_ROWS, fused, separate);
  }

  /**
   * Bind gate ← silu(rmsnorm(inp) · wGateᵀ) · (rmsnorm(inp) · wUpᵀ): one dispatch up to 8 rows; beyond, the
   * norm, the two linear layers into `gate` and `up`, then `swiglu` (which must compute gate ← silu(gate) · up in
   * place).
   */
  bindGateUp(
    label: string,
    gate: GPUBuffer,
    up: GPUBuffer,
    inp: GPUBuffer,
    norm: FoldedNorm,
    weight: { gate: GPUBuffer; up: GPUBuffer },
    I: number,
    O: number,
    swiglu: Encode,
  ): Encode {
    checkWidth(label, I);
    const separate = [
      norm.encode,
      this.bind(`${label} gate`, gate, norm.normed, weight.gate, I, O),
      this.bind(`${label} up`, up, norm.normed, weight.up, I, O),
      swiglu,
    ];
    const params = new Params(this.#device, `gate-up ${label}`, ['u32', 'u32', 'u32', 'f32']);
    const dispatch = this.#binder(label, [gate, inp, norm.weight, weight.gate, weight.up, params.buffer]);
    const fused: Encode = (pass, T) => {
      params.set([T, I, O, norm.eps]);
      dispatch(pass, this.#kernel('swiglu', fitting(MATVEC_ROWS, T)), spread(O));
    };
    return upToRows(MATVEC_MAX_ROWS, fused, separate);
  }
}

/** The kernel a linear layer of T rows uses. */
function linearKernelFor(T: number): LinearKernel {
  if (T <= MATVEC_MAX_ROWS) return 'matvec';
  return T <= SKINNY_MAX_ROWS ? 'skinny' : 'blocked';
}

function checkWidth(label: string, I: number): void {
  if (I % 4 !== 0) throw new Error(`linear layer ${label}: the input width ${I} must be divisible by 4`);
}

/** The smallest of a kernel's row counts covering T rows. */
function fitting(rows: readonly number[], T: number): number {
  return rows.find((r) => r >= T)!;
}

/** n workgroups in one dimension, spilling into y past the per-dimension limit. */
function spread(n: number): [number, number] {
  const x = Math.min(n, MAX_GROUPS_PER_DIMENSION);
  return [x, Math.ceil(n / x)];
}

/** The fused matrix-vector ops of a layer for one way of storing weights (f32 here, packed in linear-packed.ts). */
export type FusedLinear = Pick<LinearKernels, 'bindQkv' | 'bindGateUp'>;
