/** Every kernel's pipeline, built once per device and shared by the session's bound ops. */
import { ArgmaxKernel } from './argmax';
import { AttentionKernel } from './attention';
import { BiasKernel } from './bias';
import { EmbeddingKernel } from './embedding';
import { GatherRowsKernel } from './gather-rows';
import { KvCopyKernel } from './kv-copy';
import { LinearKernels } from './linear';
import { PackedLinearKernels } from './linear-packed';
import { RmsNormKernel } from './rmsnorm';
import { RopeCacheKernel } from './rope-cache';
import { SwigluKernel } from './swiglu';
import { SyntheticEncodedKernel } from './synthetic-encoded';
import { SyntheticFillKernel } from './synthetic-fill';
import { W8A8Kernels } from './w8a8';
import type { Kernel } from '../kernel';

export class Kernels {
  readonly argmax: ArgmaxKernel;
  readonly attention: AttentionKernel;
  readonly bias: BiasKernel;
  readonly embedding: EmbeddingKernel;
  readonly gatherRows: GatherRowsKernel;
  readonly kvCopy: KvCopyKernel;
  readonly linear: LinearKernels;
  readonly packedLinear: PackedLinearKernels;
  readonly rmsnorm: RmsNormKernel;
  readonly ropeCache: RopeCacheKernel;
  readonly swiglu: SwigluKernel;
  readonly syntheticFill: SyntheticFillKernel;
  readonly syntheticEncoded: SyntheticEncodedKernel;
  readonly w8a8: W8A8Kernels;

  constructor(device: GPUDevice) {
    this.argmax = new ArgmaxKernel(device);
    this.attention = new AttentionKernel(device);
    this.bias = new BiasKernel(device);
    this.embedding = new EmbeddingKernel(device);
    this.gatherRows = new GatherRowsKernel(device);
    this.kvCopy = new KvCopyKernel(device);
    this.linear = new LinearKernels(device);
    this.packedLinear = new PackedLinearKernels(device);
    this.rmsnorm = new RmsNormKernel(device);
    this.ropeCache = new RopeCacheKernel(device);
    this.swiglu = new SwigluKernel(device);
    this.syntheticFill = new SyntheticFillKernel(device);
    this.syntheticEncoded = new SyntheticEncodedKernel(device);
    this.w8a8 = new W8A8Kernels(device);
  }

  /** Every pipeline, for checking that each compiles. */
  all(): Kernel[] {
    const hosts = [
      this.argmax,
      this.attention,
      this.bias,
      this.embedding,
      this.gatherRows,
      this.kvCopy,
      this.linear,
      this.packedLinear,
      this.rmsnorm,
      this.ropeCache,
      this.swiglu,
      this.syntheticFill,
      this.syntheticEncoded,
      this.w8a8,
    ];
    return hosts.flatMap((host) => host.kernels());
  }
}
