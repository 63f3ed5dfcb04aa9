// The parts of onnxruntime-web's WebGPU build that bench/peers/ort-decode.ts uses. The package is not a
// dependency of the project: bench/peers/ort-kit.sh installs a pinned copy in a scratch folder and bundles it.
declare module 'onnxruntime-web/webgpu' {
  type Location = 'cpu' | 'gpu-buffer';
  export class Tensor {
    constructor(type: 'int64', data: BigInt64Array, dims: readonly number[]);
    constructor(type: 'float32', data: Float32Array, dims: readonly number[]);
    readonly dims: readonly number[];
    readonly location: Location;
    /** Only for tensors whose location is 'cpu'. */
    readonly data: Float32Array | BigInt64Array;
    dispose(): void;
  }
  export interface SessionOptions {
    executionProviders: string[];
    externalData?: { path: string; data: Uint8Array }[];
    preferredOutputLocation?: Record<string, Location>;
    graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
    logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  }
  export class InferenceSession {
    static create(model: Uint8Array, options: SessionOptions): Promise<InferenceSession>;
    readonly inputNames: readonly string[];
    readonly outputNames: readonly string[];
    run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
    release(): Promise<void>;
  }
  export const env: {
    versions: { web: string };
    logLevel: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
    wasm: { numThreads: number; wasmBinary?: Uint8Array; proxy: boolean };
  };
}
