/**
 * Host side of the linear layers whose weights are packed (engine/quant/scheme.ts): out = inp · dequant(weights)ᵀ,
 * or out += … (a residual add folded in), for weights (O, I) stored as f16 halves or as b-bit integer codes with
 * f16 scales (and zero-points) per group. A weight format (packed-half.wgsl, packed-int.wgsl) is prepended to
 * matvec-packed.wgsl for up to 8 rows (decode, small batches; one pipeline per row count 1, 2, 4, 8; 8 output
 * features per workgroup) and to matmul-packed.wgsl beyond (prefill, draft verification: 64 × 64 tiles, the
 * weights dequantized once per tile of rows). Both read the weights in chunks of 32 input features: I must be a
 * multiple of 32, and so must an integer scheme's group. f32 weights take LinearKernels (linear.ts). Twin:
 * engine/cpu/matmul-packed.ts.
 */
import halfCode from './packed-half.wgsl?raw';
import intCode from './packed-int.wgsl?raw';
import matvecCode from './matvec-packed.wgsl?raw';
import matmulCode from './matmul-packed.wgsl?raw';
import { Kernel, Params, dispatchLinear, groups, type Encode, type FieldType } from '../kernel';
import { specialise, type ConstValue } from '../specialise';
import { groupSize, intLayout, matrixBytes, type IntScheme, type WeightScheme } from '../../quant/scheme';

/** Rows up to which the matrix-vector kernel runs, in pipelines of these row counts; the tiled kernel beyond. */
const MATVEC_ROWS = [1, 2, 4, 8] as const;
/**
 * Output features per workgroup of matvec-packed.wgsl: each input load serves this many weight rows (with 2, as
 * matvec.wgsl has, reading the input took longer than reading int4 weights on an H200).
 */
const MATVEC_OUTPUTS = 8;
/** Rows and output features per workgroup of matmul-packed.wgsl. */
const TILE = 64;
/** Input features per chunk, the unit both kernels read. */
const CHUNK = 32;

/** The weight schemes these kernels read. */
export type PackedScheme = { kind: 'f16' } | IntScheme;

type Source = 'matvec' | 'tiled';

/** Bytes a buffer of packed weights (O, I) must hold: the scheme's words, then up to a whole 16-byte vector. */
export function packedWeightBytes(scheme: PackedScheme, O: number, I: number): number {
  return Math.ceil(matrixBytes(scheme, O, I) / 16) * 16;
}

/** The weight format's name in pipeline labels: f16, int4, int4 zp (the group size is a parameter). */
function formatName(scheme: PackedScheme): string {
  return scheme.kind === 'f16' ? 'f16' : `int${scheme.bits}${scheme.zeroPoint ? ' zp' : ''}`;
}

export class PackedLinearKernels {
  readonly #device: GPUDevice;
  readonly #kernels = new Map<string, Kernel>();

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  /** The pipeline for a weight format, source, row count and accumulation, made on first request. */
  #kernel(scheme: PackedScheme, source: Source, rows: number, accumulate: boolean): Kernel {
    const label = `${source} ${formatName(scheme)}${source === 'matvec' ? ` ×${rows}` : ''}${accumulate ? ' +=' : ''}`;
    let kernel = this.#kernels.get(label);
    if (!kernel) {
      const format: Record<string, ConstValue> =
        scheme.kind === 'f16' ? {} : { BITS: scheme.bits, ZERO_POINT: scheme.zeroPoint };
      const kernelCode =
        source === 'matvec'
          ? specialise(matvecCode, { ROWS: rows, ACCUMULATE: accumulate, OUTPUTS: MATVEC_OUTPUTS }, label)
          : specialise(matmulCode, { ACCUMULATE: accumulate }, label);
      const code = specialise(scheme.kind === 'f16' ? halfCode : intCode, format, label) + kernelCode;
      kernel = new Kernel(this.#device, label, code);
      this.#kernels.set(label, kernel);
    }
    return kernel;
  }

  /**
   * A pipeline of each source for each weight format, for checking that each compiles (row counts and
   * accumulation only change constants): int4 with zero-points accumulating, the others overwriting.
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
    return formats.flatMap((scheme) => {
      const accumulate = scheme.kind === 'int' && scheme.zeroPoint;
      return [this.#kernel(scheme, 'matvec', 8, accumulate), this.#kernel(scheme, 'tiled', 1, accumulate)];
    });
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
    if (scheme.kind === 'f32' || scheme.kind === 'w8a8')
      throw new Error(
        `linear layer ${label}: ${scheme.kind} weights take ${scheme.kind === 'f32' ? 'LinearKernels' : 'W8A8Kernels'}`,
      );
    if (I % CHUNK !== 0)
      throw new Error(`linear layer ${label}: the input width ${I} must be divisible by ${CHUNK}`);
    const bytes = packedWeightBytes(scheme, O, I);
    if (weights.size < bytes)
      throw new Error(`linear layer ${label}: ${weights.size} bytes of weights, not the ${bytes} it reads`);
    const sizes = scheme.kind === 'f16' ? [] : intSizes(label, scheme, I, O);
    const types: FieldType[] = scheme.kind === 'f16' ? [] : ['u32', 'u32', 'u32', 'u32', 'f32'];
    const params = new Params(this.#device, `packed linear ${label}`, ['u32', 'u32', 'u32', ...types]);
    const bound = new Map<Kernel, GPUBindGroup>();
    const bindGroup = (kernel: Kernel) => {
      if (!bound.has(kernel)) bound.set(kernel, kernel.bind(label, [out, inp, weights, params.buffer]));
      return bound.get(kernel)!;
    };
    return (pass, T) => {
      params.set([T, I, O, ...sizes]);
      if (T <= MATVEC_ROWS.at(-1)!) {
        const kernel = this.#kernel(
          scheme,
          'matvec',
          MATVEC_ROWS.find((r) => r >= T)!,
          accumulate,
        );
        dispatchLinear(kernel, pass, bindGroup(kernel), O, MATVEC_OUTPUTS);
      } else {
        const kernel = this.#kernel(scheme, 'tiled', 1, accumulate);
        kernel.dispatch(pass, bindGroup(kernel), groups(O, TILE), groups(T, TILE));
      }
    };
  }
}

/**
 * The integer format's parameters after T, I, O (Params in packed-int.wgsl): groupChunks, groups, scaleWord,
 * zeroWord, and the symmetric zero-point 2ᵇ⁻¹ (unused with zero-points).
 */
function intSizes(label: string, scheme: IntScheme, I: number, O: number): number[] {
  const g = groupSize(scheme, I);
  if (g % CHUNK !== 0)
    throw new Error(`linear layer ${label}: a group of ${g} input features is not a multiple of ${CHUNK}`);
  const layout = intLayout(scheme, O, I);
  return [g / CHUNK, layout.groups, layout.scaleWord, layout.zeroWord, 2 ** (scheme.bits - 1)];
}
