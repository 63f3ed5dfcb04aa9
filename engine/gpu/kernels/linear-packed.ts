/**
 * Host side of the linear layers whose weights are packed (engine/quant/scheme.ts): out = inp · dequant(weights)ᵀ,
 * or out += … (a residual add folded in), for weights (O, I) stored as f16 halves or as b-bit integer codes with
 * f16 scales (and zero-points) per group. A weight format (packed-half.wgsl, packed-int.wgsl) is prepended to
 * matvec-packed-core.wgsl (after the arithmetic: arithmetic-f32.wgsl, or for f16 weights on devices with shader-f16
 * arithmetic-half-f16.wgsl) and an entry for up to 8 rows (decode, small batches; one pipeline per row count 1, 2, 4,
 * 8; 8 weight rows per workgroup) and to matmul-packed.wgsl beyond (prefill, draft verification: 64 × 64 tiles, the
 * weights dequantized once per tile of rows). Up to 8 rows, as for f32 weights (linear.ts), the attention norm and
 * the query, key and value projections run as one dispatch (matvec-packed-qkv.wgsl), and so do the MLP norm, the
 * gate and up projections and the SwiGLU (matvec-packed-swiglu.wgsl). All read the weights in chunks of 32 input
 * features: I must be a multiple of 32, and so must an integer scheme's group. f32 weights take LinearKernels
 * (linear.ts). Twins: engine/cpu/matmul-packed.ts, rmsnorm.ts, swiglu.ts.
 */
import halfCode from './packed-half.wgsl?raw';
import intCode from './packed-int.wgsl?raw';
import coreCode from './matvec-packed-core.wgsl?raw';
import matvecCode from './matvec-packed.wgsl?raw';
import qkvCode from './matvec-packed-qkv.wgsl?raw';
import swigluCode from './matvec-packed-swiglu.wgsl?raw';
import matmulCode from './matmul-packed.wgsl?raw';
import f32ArithmeticCode from './arithmetic-f32.wgsl?raw';
import halfF16ArithmeticCode from './arithmetic-half-f16.wgsl?raw';
import { Kernel, Params, dispatchLinear, groups, upToRows, type Encode, type FieldType } from '../kernel';
import { specialise, type ConstValue } from '../specialise';
import { groupSize, intLayout, matrixBytes, type IntScheme, type WeightScheme } from '../../quant/scheme';
import type { FusedLinear } from './linear';

/** Rows up to which the matrix-vector kernels run, in pipelines of these row counts; the tiled kernel beyond. */
const MATVEC_ROWS = [1, 2, 4, 8] as const;
/**
 * Weight rows per workgroup of the matrix-vector kernels: each input load serves this many weight rows (with 2, as
 * matvec.wgsl has, reading the input took longer than reading int4 weights on an H200). The gate and up kernel
 * reads half of them from each matrix.
 */
const MATVEC_OUTPUTS = 8;
/**
 * Threads per workgroup of the matrix-vector kernels: 64, or for integer codes read in rows of 256 chunks or more
 * (Llama 2 7B's down projection, I = 11008: 344 chunks), 128, so that twice as many threads share the rows and each
 * still reads two chunks or more. On an H200 that took int4 g128 11008 → 4096 from 17 % of copy (and 6 % in some
 * runs) to about 26 %, and int8 from 31 % to 46 % (docs/performance.md); at I = 4096 (128 chunks) 64 stayed faster.
 * Never more than leaves each thread its sums in 16 KiB of workgroup memory.
 */
function matvecThreads(scheme: PackedScheme, I: number, rows: number): number {
  const threads = scheme.kind === 'int' && I / CHUNK >= 256 ? 128 : 64;
  return Math.min(threads, 4096 / (rows * MATVEC_OUTPUTS));
}
/** Rows and output features per workgroup of matmul-packed.wgsl. */
const TILE = 64;
/** Input features per chunk, the unit both kernels read. */
const CHUNK = 32;

/** The weight schemes these kernels read. */
export type PackedScheme = { kind: 'f16' } | IntScheme;

type Source = 'matvec' | 'qkv' | 'swiglu' | 'tiled';

const ENTRIES: Record<Exclude<Source, 'tiled'>, string> = {
  matvec: matvecCode,
  qkv: qkvCode,
  swiglu: swigluCode,
};

/** Bytes a buffer of packed weights (O, I) must hold: the scheme's words, then up to a whole 16-byte vector. */
export function packedWeightBytes(scheme: PackedScheme, O: number, I: number): number {
  return Math.ceil(matrixBytes(scheme, O, I) / 16) * 16;
}

/**
 * What the matrix-vector kernels multiply in: f16 (shader-f16) for f16 weights where the device has the feature, f32
 * otherwise. Integer codes stay f32: decoding int4 two codes an instruction in f16 made an H200's decode step 23–28 %
 * slower (docs/performance.md), and an int8 code times an input near f16's largest would overflow.
 */
export type Arithmetic = 'f16' | 'f32';

/**
 * How far the f16 arithmetic may stray from the CPU twin, relative to the largest output: the input rounded to f16
 * (2⁻¹¹ relative) and each quad's four products summed in f16 left at most 8e-4 on an H200 (rows of 4,096 and
 * 11,008 features, bench/kernel-check.ts); the tests and the benchmark's kernel check allow 3e-3. The f32
 * arithmetic stays within 1e-4.
 */
export const F16_ARITHMETIC_ERROR = 3e-3;

/** The arithmetic for `scheme` on a device with (`shaderF16`) or without shader-f16, and its WGSL. */
function arithmeticFor(scheme: PackedScheme, shaderF16: boolean): { arithmetic: Arithmetic; code: string } {
  if (shaderF16 && scheme.kind === 'f16') return { arithmetic: 'f16', code: halfF16ArithmeticCode };
  return { arithmetic: 'f32', code: f32ArithmeticCode };
}

/** The weight format's name in pipeline labels: f16, int4, int4 zp (the group size is a parameter). */
function formatName(scheme: PackedScheme): string {
  return scheme.kind === 'f16' ? 'f16' : `int${scheme.bits}${scheme.zeroPoint ? ' zp' : ''}`;
}

export class PackedLinearKernels {
  readonly #device: GPUDevice;
  readonly #kernels = new Map<string, Kernel>();
  readonly #shaderF16: boolean;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#shaderF16 = device.features.has('shader-f16');
  }

  /**
   * What `scheme`'s weights are multiplied in on this device for `rows` rows: the matrix-vector kernels' arithmetic
   * up to 8 rows, f32 beyond (the tiled kernel).
   */
  arithmetic(scheme: PackedScheme, rows: number): Arithmetic {
    if (rows > MATVEC_ROWS.at(-1)!) return 'f32';
    return arithmeticFor(scheme, this.#shaderF16).arithmetic;
  }

  /**
   * The pipeline for a weight format, source, row count, accumulation and (matrix-vector kernels) workgroup size,
   * made on first request.
   */
  #kernel(scheme: PackedScheme, source: Source, rows: number, accumulate = false, threads = 64): Kernel {
    const { arithmetic, code: arithmeticCode } = arithmeticFor(scheme, this.#shaderF16);
    const shape =
      source === 'tiled'
        ? ''
        : ` ×${rows}${threads === 64 ? '' : ` /${threads}`}${arithmetic === 'f16' ? ' in f16' : ''}`;
    const label = `${source} ${formatName(scheme)}${shape}${accumulate ? ' +=' : ''}`;
    let kernel = this.#kernels.get(label);
    if (!kernel) {
      const format: Record<string, ConstValue> =
        scheme.kind === 'f16' ? {} : { BITS: scheme.bits, ZERO_POINT: scheme.zeroPoint };
      const formatCode = specialise(scheme.kind === 'f16' ? halfCode : intCode, format, label);
      const kernelCode =
        source === 'tiled'
          ? specialise(matmulCode, { ACCUMULATE: accumulate }, label)
          : specialise(
              arithmeticCode + coreCode + ENTRIES[source],
              {
                ROWS: rows,
                OUTPUTS: MATVEC_OUTPUTS,
                WORKGROUP_SIZE: threads,
                NORM: source !== 'matvec',
                ...(source === 'matvec' ? { ACCUMULATE: accumulate } : {}),
              },
              label,
            );
      const enable = source !== 'tiled' && arithmetic === 'f16' ? 'enable f16;\n' : '';
      kernel = new Kernel(this.#device, label, enable + formatCode + kernelCode);
      this.#kernels.set(label, kernel);
    }
    return kernel;
  }

  /**
   * A pipeline of each source for each weight format, for checking that each compiles (row counts and
   * accumulation only change constants): int4 with zero-points accumulating, the others overwriting; the fused
   * ones for f16 and int4.
   */
  kernels(): Kernel[] {
    const formats: PackedScheme[] = [
      { kind: 'f16' },
      ...([2, 3, 4, 8] as const).map((bits): IntScheme => ({
        kind: 'int',
        bits,
        group: 'row',
        zeroPoint: false,
      })),
      { kind: 'int', bits: 4, group: 'row', zeroPoint: true },
    ];
    return [
      ...formats.flatMap((scheme) => {
        const accumulate = scheme.kind === 'int' && scheme.zeroPoint;
        return [this.#kernel(scheme, 'matvec', 8, accumulate), this.#kernel(scheme, 'tiled', 1, accumulate)];
      }),
      ...formats
        .filter((scheme) => scheme.kind === 'f16' || (scheme.bits === 4 && !scheme.zeroPoint))
        .flatMap((scheme) => [this.#kernel(scheme, 'qkv', 8), this.#kernel(scheme, 'swiglu', 8)]),
    ];
  }

  /** The pipeline of `source` for T rows of I input features, bound to `buffers` once. */
  #binder(label: string, scheme: PackedScheme, I: number, buffers: readonly GPUBuffer[]) {
    const bound = new Map<Kernel, GPUBindGroup>();
    return (source: Source, T: number, accumulate = false) => {
      const rows = MATVEC_ROWS.find((r) => r >= T) ?? 1;
      const kernel = this.#kernel(scheme, source, rows, accumulate, matvecThreads(scheme, I, rows));
      if (!bound.has(kernel)) bound.set(kernel, kernel.bind(label, buffers));
      return { kernel, group: bound.get(kernel)! };
    };
  }

  /**
   * Bind out (T, O) = inp (T, I) · dequant(weights)ᵀ, weights (O, I) packed in `scheme` (PackedMatrix.words, or
   * packHalves' words, in a buffer of at least packedWeightBytes); the kernel is chosen per encode from T.
   */
  bind(
    label: string,
    out: GPUBuffer,
    inp: GPUBuffer,
    weights: GPUBuffer,
    scheme: WeightScheme,
    I: number,
    O: number,
    { accumulate = false }: { accumulate?: boolean } = {},
  ): Encode {
    const packed = checked(label, scheme, I, [[weights, O]]);
    const params = this.#params(label, packed, I, [O]);
    const kernelFor = this.#binder(label, packed, I, [out, inp, weights, params.buffer]);
    return (pass, T) => {
      params.set(T);
      if (T <= MATVEC_ROWS.at(-1)!) {
        const { kernel, group } = kernelFor('matvec', T, accumulate);
        dispatchLinear(kernel, pass, group, O, MATVEC_OUTPUTS);
      } else {
        const { kernel, group } = kernelFor('tiled', T, accumulate);
        kernel.dispatch(pass, group, groups(O, TILE), groups(T, TILE));
      }
    };
  }

  /** The fused ops for weights stored in `scheme`. */
  fused(scheme: WeightScheme): FusedLinear {
    return {
      bindQkv: (...args) => this.bindQkv(scheme, ...args),
      bindGateUp: (...args) => this.bindGateUp(scheme, ...args),
    };
  }

  /**
   * Bind q, k, v = rmsnorm(inp) · dequant(wq, wk, wv)ᵀ: one dispatch up to 8 rows; beyond, the norm and three
   * linear layers.
   */
  bindQkv(
    scheme: WeightScheme,
    ...[label, out, inp, norm, weight, I, Oq, Okv]: Parameters<FusedLinear['bindQkv']>
  ): Encode {
    const matrices: [GPUBuffer, number][] = [
      [weight.q, Oq],
      [weight.k, Okv],
      [weight.v, Okv],
    ];
    const packed = checked(label, scheme, I, matrices);
    const params = this.#params(label, packed, I, [Oq, Okv, Okv], norm.eps);
    const kernelFor = this.#binder(label, packed, I, [
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
      params.set(T);
      const { kernel, group } = kernelFor('qkv', T);
      dispatchLinear(kernel, pass, group, Oq + 2 * Okv, MATVEC_OUTPUTS);
    };
    return upToRows(MATVEC_ROWS.at(-1)!, fused, [
      norm.encode,
      this.bind(`${label} q`, out.q, norm.normed, weight.q, scheme, I, Oq),
      this.bind(`${label} k`, out.k, norm.normed, weight.k, scheme, I, Okv),
      this.bind(`${label} v`, out.v, norm.normed, weight.v, scheme, I, Okv),
    ]);
  }

  /**
   * Bind gate ← silu(rmsnorm(inp) · dequant(wGate)ᵀ) · (rmsnorm(inp) · dequant(wUp)ᵀ): one dispatch up to 8 rows;
   * beyond, the norm, the two linear layers into `gate` and `up`, then `swiglu` (which must compute
   * gate ← silu(gate) · up in place).
   */
  bindGateUp(
    scheme: WeightScheme,
    ...[label, gate, up, inp, norm, weight, I, O, swiglu]: Parameters<FusedLinear['bindGateUp']>
  ): Encode {
    const packed = checked(label, scheme, I, [
      [weight.gate, O],
      [weight.up, O],
    ]);
    const params = this.#params(label, packed, I, [O, O], norm.eps);
    const kernelFor = this.#binder(label, packed, I, [
      gate,
      inp,
      norm.weight,
      weight.gate,
      weight.up,
      params.buffer,
    ]);
    const fused: Encode = (pass, T) => {
      params.set(T);
      const { kernel, group } = kernelFor('swiglu', T);
      dispatchLinear(kernel, pass, group, O, MATVEC_OUTPUTS / 2);
    };
    return upToRows(MATVEC_ROWS.at(-1)!, fused, [
      norm.encode,
      this.bind(`${label} gate`, gate, norm.normed, weight.gate, scheme, I, O),
      this.bind(`${label} up`, up, norm.normed, weight.up, scheme, I, O),
      swiglu,
    ]);
  }

  /**
   * The uniform the kernels read (Params in packed-half.wgsl and packed-int.wgsl) for matrices of Os rows (up to
   * three) and input width I; set(T) writes it for T rows.
   */
  #params(label: string, scheme: PackedScheme, I: number, Os: readonly number[], eps = 0) {
    const perMatrix = (f: (O: number) => number) => [0, 1, 2, 3].map((m) => (m < Os.length ? f(Os[m]!) : 0));
    const O = perMatrix((o) => o);
    let words: number[] = [];
    let format: number[] = [];
    const tail: FieldType[] = ['u32', 'u32', 'f32']; // T, I, eps
    if (scheme.kind === 'int') {
      const layouts = (f: (l: ReturnType<typeof intLayout>) => number) =>
        perMatrix((o) => f(intLayout(scheme, o, I)));
      words = [...layouts((l) => l.scaleWord), ...layouts((l) => l.zeroWord)];
      format = [groupSize(scheme, I) / CHUNK, intLayout(scheme, 1, I).groups, 2 ** (scheme.bits - 1)];
      tail.push('u32', 'u32', 'f32'); // groupChunks, groups, zero
    }
    const params = new Params(this.#device, `packed linear ${label}`, [
      ...[...O, ...words].map((): FieldType => 'u32'),
      ...tail,
    ]);
    return {
      buffer: params.buffer,
      set: (T: number) => params.set([...O, ...words, T, I, eps, ...format]),
    };
  }
}

/** The scheme as the packed kernels read it, after checking that they can read these matrices (buffer, rows). */
function checked(
  label: string,
  scheme: WeightScheme,
  I: number,
  matrices: readonly [GPUBuffer, number][],
): PackedScheme {
  if (scheme.kind === 'f32' || scheme.kind === 'w8a8')
    throw new Error(
      `linear layer ${label}: ${scheme.kind} weights take ${scheme.kind === 'f32' ? 'LinearKernels' : 'W8A8Kernels'}`,
    );
  if (I % CHUNK !== 0)
    throw new Error(`linear layer ${label}: the input width ${I} must be divisible by ${CHUNK}`);
  if (scheme.kind === 'int' && groupSize(scheme, I) % CHUNK !== 0)
    throw new Error(
      `linear layer ${label}: a group of ${groupSize(scheme, I)} input features is not a multiple of ${CHUNK}`,
    );
  for (const [weights, O] of matrices) {
    const bytes = packedWeightBytes(scheme, O, I);
    if (weights.size < bytes)
      throw new Error(`linear layer ${label}: ${weights.size} bytes of weights, not the ${bytes} it reads`);
  }
  return scheme;
}
