/** Host side of kv-write.wgsl and kv-copy.wgsl. Twin: engine/cpu/kv-write.ts. */
import writeCode from './kv-write.wgsl?raw';
import copyCode from './kv-copy.wgsl?raw';
import { dispatchLinear, Kernel, Params, groups } from '../kernel';

export class KvCacheKernels {
  readonly #write: Kernel;
  readonly #copy: Kernel;
  readonly #device: GPUDevice;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#write = new Kernel(device, 'kv-write', writeCode);
    this.#copy = new Kernel(device, 'kv-copy', copyCode);
  }

  /** Bind the write of T rows of keys and values into their slots. */
  bindWrite(
    label: string,
    kCache: GPUBuffer,
    vCache: GPUBuffer,
    k: GPUBuffer,
    v: GPUBuffer,
    slots: GPUBuffer,
    KH: number,
  ) {
    const params = new Params(this.#device, `kv-write ${label}`, ['u32', 'u32']);
    const group = this.#write.bind(label, [kCache, vCache, k, v, slots, params.buffer]);
    return (pass: GPUComputePassEncoder, T: number) => {
      params.set([T, KH]);
      dispatchLinear(this.#write, pass, group, T * KH, 256);
    };
  }

  /** Bind block copies within one cache buffer, driven by a buffer of (src, dst, tokens, 0) rows. */
  bindCopy(label: string, cache: GPUBuffer, copies: GPUBuffer, blockSize: number, KH: number) {
    const params = new Params(this.#device, `kv-copy ${label}`, ['u32', 'u32']);
    params.set([blockSize, KH]);
    const group = this.#copy.bind(label, [cache, copies, params.buffer]);
    return (pass: GPUComputePassEncoder, count: number) => {
      this.#copy.dispatch(pass, group, groups(blockSize * KH, 256), count);
    };
  }
}
