/** Host side of attention.wgsl: dispatch (T, N) workgroups. Twin: engine/cpu/attention.ts. */
import code from './attention.wgsl?raw';
import { KernelHost, Params, type Encode } from '../kernel';

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
}

export class AttentionKernel extends KernelHost {
  constructor(device: GPUDevice) {
    super(device, 'attention', code);
  }

  /** Bind for keys within `window` positions of each query (a sliding window), or all of them when absent. */
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
    const params = new Params(this.device, `attention ${label}`, ['u32', 'u32', 'u32', 'u32', 'u32', 'u32']);
    const buffers = [b.out, b.q, b.kCache, b.vCache, b.positions, b.tableStart, b.pageTables, params.buffer];
    const group = this.kernel.bind(label, buffers);
    return (pass, T) => {
      params.set([T, N, K, H, blockSize, window ?? FULL_ATTENTION]);
      this.kernel.dispatch(pass, group, T, N);
    };
  }
}
