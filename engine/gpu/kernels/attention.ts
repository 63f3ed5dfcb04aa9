/**
 * Host side of attention.wgsl: dispatch (T, N) workgroups; or, for a decode step with long contexts, (T, N, S)
 * workgroups over S chunks of each row's keys, then attention-combine.wgsl over (T, N) to merge them
 * (model/attention-split.ts). Twin: engine/cpu/attention.ts.
 */
import code from './attention.wgsl?raw';
import combineCode from './attention-combine.wgsl?raw';
import { Kernel, KernelHost, Params, type Encode } from '../kernel';
import { specialise } from '../specialise';
import { attentionSplit } from '../../model/attention-split';

/** Largest head dimension the kernel's workgroup memory holds. */
const ATTENTION_MAX_HEAD_DIM = 256;

/** The window that covers every position: the largest u32. */
const FULL_ATTENTION = 0xffffffff;

export interface AttentionBuffers {
  out: GPUBuffer;
  q: GPUBuffer;
  kCache: GPUBuffer;
  vCache: GPUBuffer;
  positions: GPUBuffer;
  tableStart: GPUBuffer;
  pageTables: GPUBuffer;
  /** Scratch for split steps' partial results, model/attention-split.ts's attentionPartialsBytes. */
  partials: GPUBuffer;
}

export class AttentionKernel extends KernelHost {
  readonly #split: Kernel;
  readonly #combine: Kernel;

  constructor(device: GPUDevice) {
    super(device, 'attention', code);
    this.#split = new Kernel(device, 'attention split', specialise(code, { SPLIT: true }, 'attention split'));
    this.#combine = new Kernel(device, 'attention combine', combineCode);
  }

  override kernels(): Kernel[] {
    return [this.kernel, this.#split, this.#combine];
  }

  /**
   * Bind for keys within `window` positions of each query (a sliding window), or all of them when absent. The
   * encoder splits the context when given the step's longest one and the split plan asks for it.
   */
  bind(
    label: string,
    b: AttentionBuffers,
    N: number,
    K: number,
    H: number,
    blockSize: number,
    window?: number,
  ): Encode {
    if (H > ATTENTION_MAX_HEAD_DIM || H % 4 !== 0)
      throw new Error(
        `head dimension ${H}: the attention kernel takes multiples of 4 up to ${ATTENTION_MAX_HEAD_DIM}`,
      );
    const fields = ['u32', 'u32', 'u32', 'u32', 'u32', 'u32', 'u32'] as const;
    const params = new Params(this.device, `attention ${label}`, fields);
    const splitParams = new Params(this.device, `attention split ${label}`, fields);
    const combineParams = new Params(this.device, `attention combine ${label}`, ['u32', 'u32', 'u32']);
    const inputs = [b.q, b.kCache, b.vCache, b.positions, b.tableStart, b.pageTables];
    const group = this.kernel.bind(label, [b.out, ...inputs, params.buffer]);
    const splitGroup = this.#split.bind(label, [b.partials, ...inputs, splitParams.buffer]);
    const combineGroup = this.#combine.bind(label, [b.out, b.partials, combineParams.buffer]);
    const w = window ?? FULL_ATTENTION;
    return (pass, T, context) => {
      const split = context === undefined ? undefined : attentionSplit(T, N, Math.min(context, w));
      if (!split) {
        params.set([T, N, K, H, blockSize, w, 0]);
        this.kernel.dispatch(pass, group, T, N);
        return;
      }
      splitParams.set([T, N, K, H, blockSize, w, split.chunk]);
      this.#split.dispatch(pass, splitGroup, T, N, split.splits);
      combineParams.set([N, H, split.splits]);
      this.#combine.dispatch(pass, combineGroup, T, N);
    };
  }
}
