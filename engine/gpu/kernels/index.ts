/** Every kernel's pipeline, built once per device and shared by the session's bound ops. */
import { AddKernel } from './add';
import { AttentionKernel } from './attention';
import { EmbeddingKernel } from './embedding';
import { GatherRowsKernel } from './gather-rows';
import { KvCacheKernels } from './kv-cache';
import { LinearKernels } from './linear';
import { RmsNormKernel } from './rmsnorm';
import { RopeKernel } from './rope';
import { SwigluKernel } from './swiglu';
import { SyntheticFillKernel } from './synthetic-fill';
import type { Kernel } from '../kernel';

export class Kernels {
  readonly add: AddKernel;
  readonly attention: AttentionKernel;
  readonly embedding: EmbeddingKernel;
  readonly gatherRows: GatherRowsKernel;
  readonly kv: KvCacheKernels;
  readonly linear: LinearKernels;
  readonly rmsnorm: RmsNormKernel;
  readonly rope: RopeKernel;
  readonly swiglu: SwigluKernel;
  readonly syntheticFill: SyntheticFillKernel;

  constructor(device: GPUDevice) {
    this.add = new AddKernel(device);
    this.attention = new AttentionKernel(device);
    this.embedding = new EmbeddingKernel(device);
    this.gatherRows = new GatherRowsKernel(device);
    this.kv = new KvCacheKernels(device);
    this.linear = new LinearKernels(device);
    this.rmsnorm = new RmsNormKernel(device);
    this.rope = new RopeKernel(device);
    this.swiglu = new SwigluKernel(device);
    this.syntheticFill = new SyntheticFillKernel(device);
  }

  /** Every pipeline, for checking that each compiles. */
  all(): Kernel[] {
    const hosts = [
      this.add,
      this.attention,
      this.embedding,
      this.gatherRows,
      this.kv,
      this.linear,
      this.rmsnorm,
      this.rope,
      this.swiglu,
      this.syntheticFill,
    ];
    return hosts.flatMap((host) => host.kernels());
  }
}
