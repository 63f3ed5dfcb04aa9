/** Host side of argmax.wgsl: greedy token choice on the device. Twin: engine/serve/sampling.ts (argmax). */
import code from './argmax.wgsl?raw';
import { KernelHost, Params, type Encode } from '../kernel';

export class ArgmaxKernel extends KernelHost {
  constructor(device: GPUDevice) {
    super(device, 'argmax', code);
  }

  /**
   * Bind chosen (R) = argmax of each row of logits (R, V), also written to tokens at rows (R); R is given per
   * encode.
   */
  bind(
    label: string,
    chosen: GPUBuffer,
    tokens: GPUBuffer,
    logits: GPUBuffer,
    rows: GPUBuffer,
    V: number,
  ): Encode {
    const params = new Params(this.device, `argmax ${label}`, ['u32', 'u32']);
    const group = this.kernel.bind(label, [chosen, tokens, logits, rows, params.buffer]);
    return (pass, R) => {
      params.set([R, V]);
      this.kernel.dispatch(pass, group, R);
    };
  }
}
