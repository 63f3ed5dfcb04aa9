/**
 * Host side of the W8A8 linear layers (quant/scheme.ts's W8A8Scheme): out = inp · Ŵᵀ, or out += … (a residual add
 * folded in), with the activations quantized to int8 per token on the fly and, with a threshold, LLM.int8()'s outlier
 * columns multiplied in f32 (Dettmers et al. 2022). Three dispatches per layer: the batch's outlier columns
 * (w8a8-outliers.wgsl), each row's scale and int8 codes (w8a8-quantize.wgsl), the product (w8a8.wgsl). The int8
 * helpers use WGSL's packed_4x8_integer_dot_product (pack4xI8, dot4I8Packed) where the device has it, shifts and
 * multiplies otherwise. The weights are int8 per channel's words (PackedMatrix). Twin: int8MatmulDecomposed in
 * engine/quant/llm-int8.ts, per token. Simple rather than fast: it serves perplexity measurement.
 */
import builtinCode from './w8a8-dot-builtin.wgsl?raw';
import shiftsCode from './w8a8-dot-shifts.wgsl?raw';
import outliersCode from './w8a8-outliers.wgsl?raw';
import quantizeCode from './w8a8-quantize.wgsl?raw';
import productCode from './w8a8.wgsl?raw';
import { storageBuffer } from '../buffers';
import { Kernel, Params, dispatchLinear, groups, type Encode } from '../kernel';
import { specialise } from '../specialise';
import { INT8_CODES, intLayout, matrixBytes, type WeightScheme } from '../../quant/scheme';
import { MAX_INT8_FEATURES } from '../../quant/llm-int8';

/** The WGSL language feature whose pack4xI8 and dot4I8Packed the kernels use when the device has it. */
export const PACKED_DOT = 'packed_4x8_integer_dot_product';

/** Whether this browser's WGSL has PACKED_DOT (false where navigator.gpu is absent, as in Dawn under Node). */
export function hasPackedDot(): boolean {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  return gpu?.wgslLanguageFeatures?.has(PACKED_DOT) ?? false;
}

/** The scratch one width of input and row count needs: activation codes, scales and the outlier mask. */
interface Scratch {
  codes: GPUBuffer; // (maxRows, I / 4)
  scales: GPUBuffer; // (maxRows)
  outliers: GPUBuffer; // (⌈I / 32⌉)
}

type Stage = 'outliers' | 'quantize' | 'product';

export class W8A8Kernels {
  readonly #device: GPUDevice;
  /** Whether the pipelines use WGSL's packed int8 builtins rather than shifts. */
  readonly packedDot: boolean;
  readonly #kernels = new Map<string, Kernel>();
  readonly #scratch = new Map<string, Scratch>();

  constructor(device: GPUDevice, { packedDot = hasPackedDot() }: { packedDot?: boolean } = {}) {
    this.#device = device;
    this.packedDot = packedDot;
  }

  /** The pipeline for one stage (and accumulation, for the product), made on first request. */
  #kernel(stage: Stage, accumulate = false): Kernel {
    const label = `w8a8 ${stage}${this.packedDot ? '' : ' (shifts)'}${accumulate ? ' +=' : ''}`;
    let kernel = this.#kernels.get(label);
    if (!kernel) {
      const helpers = this.packedDot ? builtinCode : shiftsCode;
      const code =
        stage === 'outliers'
          ? outliersCode
          : stage === 'quantize'
            ? helpers + quantizeCode
            : helpers + specialise(productCode, { ACCUMULATE: accumulate }, label);
      kernel = new Kernel(this.#device, label, code);
      this.#kernels.set(label, kernel);
    }
    return kernel;
  }

  /** Every pipeline, for checking that each compiles. */
  kernels(): Kernel[] {
    return [
      this.#kernel('outliers'),
      this.#kernel('quantize'),
      this.#kernel('product'),
      this.#kernel('product', true),
    ];
  }

  /**
   * The activation scratch for rows of I features, up to maxRows of them: made once per (I, maxRows) and shared by
   * every layer bound with them, since one layer's three dispatches finish with it before the next layer's begin.
   */
  #scratchFor(I: number, maxRows: number): Scratch {
    const key = `${I} × ${maxRows}`;
    let scratch = this.#scratch.get(key);
    if (!scratch) {
      const label = (what: string) => `w8a8 ${what} (${maxRows} rows of ${I})`;
      scratch = {
        codes: storageBuffer(this.#device, label('activation codes'), maxRows * I),
        scales: storageBuffer(this.#device, label('activation scales'), maxRows * 4),
        outliers: storageBuffer(this.#device, label('outlier columns'), Math.ceil(I / 32) * 4),
      };
      this.#scratch.set(key, scratch);
    }
    return scratch;
  }

  /**
   * Bind out (T, O) = inp (T, I) · Ŵᵀ in W8A8, weights (O, I) as int8 per channel's words (PackedMatrix.words), for
   * up to maxRows rows per encode.
   */
  bind(
    label: string,
    out: GPUBuffer,
    inp: GPUBuffer,
    weights: GPUBuffer,
    scheme: WeightScheme,
    I: number,
    O: number,
    { accumulate = false, maxRows }: { accumulate?: boolean; maxRows: number },
  ): Encode {
    if (scheme.kind !== 'w8a8') throw new Error(`linear layer ${label}: ${scheme.kind} weights are not W8A8`);
    if (I % 4 !== 0) throw new Error(`linear layer ${label}: the input width ${I} must be divisible by 4`);
    if (I > MAX_INT8_FEATURES)
      throw new Error(`linear layer ${label}: ${I} input features could overflow an int32 accumulator`);
    const bytes = matrixBytes(scheme, O, I);
    if (weights.size < bytes)
      throw new Error(`linear layer ${label}: ${weights.size} bytes of weights, not the ${bytes} it reads`);
    const scratch = this.#scratchFor(I, maxRows);
    const params = new Params(this.#device, `w8a8 linear ${label}`, [
      'u32',
      'u32',
      'u32',
      'u32',
      'u32',
      'f32',
    ]);
    const { scaleWord } = intLayout(INT8_CODES, O, I);
    const { threshold } = scheme;
    const outliers = this.#kernel('outliers');
    const quantize = this.#kernel('quantize');
    const product = this.#kernel('product', accumulate);
    const outliersGroup = outliers.bind(label, [scratch.outliers, inp, params.buffer]);
    const quantizeGroup = quantize.bind(label, [
      scratch.codes,
      scratch.scales,
      inp,
      scratch.outliers,
      params.buffer,
    ]);
    const productGroup = product.bind(label, [
      out,
      inp,
      scratch.codes,
      scratch.scales,
      scratch.outliers,
      weights,
      params.buffer,
    ]);
    return (pass, T) => {
      if (T > maxRows) throw new Error(`linear layer ${label}: ${T} rows, more than the ${maxRows} bound`);
      params.set([T, I, O, scaleWord, threshold === null ? 0 : 1, threshold ?? 0]);
      outliers.dispatch(pass, outliersGroup, groups(I, 32));
      dispatchLinear(quantize, pass, quantizeGroup, T, 1);
      dispatchLinear(product, pass, productGroup, O, 1);
    };
  }
}
