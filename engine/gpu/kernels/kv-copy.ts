/** Host side of kv-copy.wgsl (copy-on-write of cache blocks). Twin: kvCopyBlocks in engine/cpu/kv-write.ts. */
import copyCode from './kv-copy.wgsl?raw';
import { KernelHost, Params, groups, type Encode } from '../kernel';

export class KvCopyKernel extends KernelHost {
  constructor(device: GPUDevice) {
    super(device, 'kv-copy', copyCode);
  }

  /** Bind block copies within one cache buffer, driven by rows (src, dst, tokens, 0); the copy count per encode. */
  bind(label: string, cache: GPUBuffer, copies: GPUBuffer, blockSize: number, KH: number): Encode {
    const params = new Params(this.device, `kv-copy ${label}`, ['u32', 'u32']);
    params.set([blockSize, KH]);
    const group = this.kernel.bind(label, [cache, copies, params.buffer]);
    return (pass, count) => this.kernel.dispatch(pass, group, groups(blockSize * KH, 256), count);
  }
}
