/** The closed-form cost model the lessons use for real models on real hardware. */
export * from './attention';
export * from './block-waste';
export * from './decode';
export * from './dtype';
export * from './hardware';
export * from './kv-cache';
export * from './kv-layout';
export * from './kv-models';
export * from './llama-shape';
export * from './matmul';
export * from './models';
export * from './number-formats';
export * from './op-cost';
export * from './quantized-weights';
export * from './roofline';
export type * from './source';
export * from './speculative';
export * from './state-space';
