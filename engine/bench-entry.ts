/** The benchmark's door to backend internals: bench/ imports from here and engine/index.ts; the site uses engine/index.ts. */
export type { ForwardStep } from './backend';
export { storageBuffer } from './gpu/buffers';
export { acquireGpu, type GpuContext } from './gpu/device';
export { GpuBackend } from './gpu/forward';
export { dispatchLinear, Kernel, Params } from './gpu/kernel';
export { LinearKernels, type LinearKernel } from './gpu/kernels/linear';
export { PackedLinearKernels, packedWeightBytes } from './gpu/kernels/linear-packed';
export { PassTimer } from './gpu/pass-timer';
export { StepEncoder } from './gpu/step-encoder';
export { contextSweep } from './jobs/context-sweep';
export { PagedKvCache } from './kv/paged-kv-cache';
export { default as copyShader } from './measure/kernels/copy.wgsl?raw';
export { ModelRunner } from './model-runner';
export { storedBytes, storedSpecs } from './quant/stored-tensors';
export { syntheticMatrix } from './quant/synthetic-encoded';
