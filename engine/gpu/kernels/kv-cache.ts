/** Host side of kv-write.wgsl and kv-copy.wgsl. Twin: engine/cpu/kv-write.ts. */
import writeCode from './kv-write.wgsl?raw';
import copyCode from './kv-copy.wgsl?raw';
import { Kernel, KernelHost, Params, groups, type Encode } from '../kernel';

export class KvCacheKernels extends KernelHost {
  readonly #copy: Kernel;

  constructor(device: GPUDevice) {
    super(device, 'kv-write', writeCode);
    this.#copy = new Kernel(device, 'kv-copy', copyCode);
  }

  override kernels(): Kernel[] {
    return [this.kernel, this.#copy];
  }

  /** Bind the write of T rows of keys and values into their slots; T is given per encode. */
  bindWrite(
    label: string,
    kCache: GPUBuffer,
    vCache: GPUBuffer,
    k: GPUBuffer,
    v: GPUBuffer,
    slots: GPUBuffer,
    KH: number,
  ): Encode {
    return this.bindLinear(
      label,
      [kCache, vCache, k, v, slots],
      ['u32', 'u32'],
      (T) => [T, KH],
      (T) => T * KH,
    );
  }

  /** Bind block copies within one cache buffer, driven by rows (src, dst, tokens, 0); the copy count per encode. */
  bindCopy(label: string, cache: GPUBuffer, copies: GPUBuffer, blockSize: number, KH: number): Encode {
    const params = new Params(this.device, `kv-copy ${label}`, ['u32', 'u32']);
    params.set([blockSize, KH]);
    const group = this.#copy.bind(label, [cache, copies, params.buffer]);
    return (pass, count) => this.#copy.dispatch(pass, group, groups(blockSize * KH, 256), count);
  }
}
