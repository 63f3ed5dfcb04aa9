/**
 * Getting a WebGPU device, or the reason there is none. The device asks for the adapter's full storage limits, so
 * model size is bounded by the hardware rather than by WebGPU's defaults, and timestamp queries, subgroups
 * (engine/gpu/kernels/reductions.ts) and shader-f16 (engine/gpu/kernels/linear-packed.ts) where offered.
 */

export interface GpuContext {
  device: GPUDevice;
  /** Adapter vendor and architecture as the browser reports them (may be empty strings). */
  adapter: { vendor: string; architecture: string; description: string };
  limits: {
    maxStorageBufferBindingSize: number;
    maxBufferSize: number;
  };
  features: string[];
}

/** Why no GPU backend could be made; the UI shows `message` and falls back to the CPU. */
export class GpuUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GpuUnavailableError';
  }
}

export interface GpuOptions {
  /**
   * Ask for the 'subgroups' feature where the adapter offers it and WGSL offers subgroup_id (default true); false
   * keeps the kernels on their workgroup-memory sums, for tests and benchmarks that compare the two.
   */
  subgroups?: boolean;
  /**
   * Ask for 'shader-f16' where the adapter offers it (default true); false keeps the packed kernels' arithmetic in
   * f32, for tests and benchmarks that compare the two.
   */
  shaderF16?: boolean;
}

export async function acquireGpu(
  gpu: GPU | undefined = globalThis.navigator?.gpu,
  options: GpuOptions = {},
): Promise<GpuContext> {
  if (!gpu) throw new GpuUnavailableError('This browser does not offer WebGPU (navigator.gpu is missing).');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter)
    throw new GpuUnavailableError(
      'WebGPU is present but no GPU adapter is available (it may be disabled or blocklisted).',
    );
  const subgroups = options.subgroups !== false && gpu.wgslLanguageFeatures?.has('subgroup_id') === true;
  const wanted: GPUFeatureName[] = [
    'timestamp-query',
    ...(subgroups ? (['subgroups'] as const) : []),
    ...(options.shaderF16 !== false ? (['shader-f16'] as const) : []),
  ];
  const features = wanted.filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({
    label: 'memory-bound engine',
    requiredFeatures: features,
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBuffersPerShaderStage: Math.min(adapter.limits.maxStorageBuffersPerShaderStage, 10),
    },
  });
  const info = adapter.info;
  return {
    device,
    adapter: { vendor: info.vendor, architecture: info.architecture, description: info.description },
    limits: {
      maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
      maxBufferSize: device.limits.maxBufferSize,
    },
    features,
  };
}
