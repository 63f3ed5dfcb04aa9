/** The benchmark's door to backend internals: bench/ imports from here and engine/index.ts; the site uses engine/index.ts. */
export type { ForwardStep } from './backend';
export { readBuffer, storageBuffer, uploadBuffer } from './gpu/buffers';
export { matmul } from './cpu/matmul';
export { matmulHalf, matmulPacked } from './cpu/matmul-packed';
export { rmsnorm } from './cpu/rmsnorm';
export { swiglu } from './cpu/swiglu';
export { packHalves } from './quant/halves';
export { quantizeMatrix } from './quant/quantize';
export { acquireGpu, type GpuContext } from './gpu/device';
export { GpuBackend } from './gpu/forward';
export { dispatchLinear, Kernel, Params, type Encode } from './gpu/kernel';
export { LinearKernels, type LinearKernel } from './gpu/kernels/linear';
export {
  F16_ARITHMETIC_ERROR,
  PackedLinearKernels,
  packedWeightBytes,
  type Arithmetic,
  type PackedScheme,
} from './gpu/kernels/linear-packed';
export { PassTimer } from './gpu/pass-timer';
export { StepEncoder } from './gpu/step-encoder';
export { contextSweep, median } from './jobs/context-sweep';
export { PagedKvCache } from './kv/paged-kv-cache';
export { default as copyShader } from './measure/kernels/copy.wgsl?raw';
export { ModelRunner } from './model-runner';
export { storedBytes, storedSpecs } from './quant/stored-tensors';
export { syntheticMatrix } from './quant/synthetic-encoded';
export { readCpuModel } from './jobs/cpu-model';
export { fillerTokens } from './jobs/filler-tokens';
export { speculativePayoff, type PayoffResult } from './jobs/speculative-payoff';
export { Random } from './model/random';
export { encodeWeights } from './quant/encode-weights';
export type { Session } from './create-session';
export { EngineExecutor } from './serve/scheduler/engine-executor';
export type { Executor, StepItem } from './serve/scheduler/scheduler';
export { gpuAttentionTimer } from './measure/attention-by-block';
