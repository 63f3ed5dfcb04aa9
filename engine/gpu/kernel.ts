/**
 * The pieces every kernel host file shares: a labelled compute pipeline built once from WGSL, bind groups whose
 * entries follow the binding order (outputs, inputs, then the params uniform), and a small uniform buffer of
 * u32/f32 fields that is rewritten only when its values change.
 */

/**
 * Pipelines already compiled on each device, by label and WGSL source. Every backend makes its own kernels; where
 * several backends share a device (the GPU tests share one per file) each kernel is compiled once: on SwiftShader a
 * backend's first pass took seconds compiling what the last one on the device had built. The page gives each
 * session a device of its own, so there it changes nothing.
 */
const compiled = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

function pipelineFor(device: GPUDevice, label: string, code: string): GPUComputePipeline {
  let byKernel = compiled.get(device);
  if (!byKernel) compiled.set(device, (byKernel = new Map()));
  const key = `${label}\n${code}`;
  let pipeline = byKernel.get(key);
  if (!pipeline) {
    const module = device.createShaderModule({ label, code });
    pipeline = device.createComputePipeline({
      label,
      layout: 'auto',
      compute: { module, entryPoint: 'main' },
    });
    byKernel.set(key, pipeline);
  }
  return pipeline;
}

export class Kernel {
  readonly #device: GPUDevice;
  readonly label: string;
  readonly #code: string;
  #pipeline: GPUComputePipeline | undefined;

  constructor(device: GPUDevice, label: string, code: string) {
    this.#device = device;
    this.label = label;
    this.#code = code;
  }

  /** The pipeline, compiled on first use (once per device), so variants a session never runs cost nothing. */
  get pipeline(): GPUComputePipeline {
    this.#pipeline ??= pipelineFor(this.#device, this.label, this.#code);
    return this.#pipeline;
  }

  /** A bind group with buffer i at binding i. */
  bind(label: string, buffers: readonly GPUBuffer[]): GPUBindGroup {
    return this.#device.createBindGroup({
      label: `${this.label}: ${label}`,
      layout: this.pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  dispatch(pass: GPUComputePassEncoder, group: GPUBindGroup, x: number, y = 1, z = 1): void {
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(x, y, z);
  }
}

export type FieldType = 'u32' | 'f32';

/** A uniform buffer holding one WGSL struct of u32 and f32 fields, in declaration order. */
export class Params {
  readonly buffer: GPUBuffer;
  readonly #device: GPUDevice;
  readonly #types: readonly FieldType[];
  readonly #data: DataView;
  #last: readonly number[] = [];

  constructor(device: GPUDevice, label: string, types: readonly FieldType[]) {
    this.#device = device;
    this.#types = types;
    const size = Math.max(16, Math.ceil((types.length * 4) / 16) * 16);
    this.#data = new DataView(new ArrayBuffer(size));
    this.buffer = device.createBuffer({
      label: `${label} params`,
      size,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
  }

  /**
   * Write the fields, skipping the upload when nothing changed. Compared number by number: a string key per call
   * (values.join) was a third or more of the engine's own script in encoding a step (docs/performance.md).
   */
  set(values: readonly number[]): void {
    if (sameValues(values, this.#last)) return;
    this.#last = [...values];
    values.forEach((v, i) => {
      if (this.#types[i] === 'u32') this.#data.setUint32(i * 4, v, true);
      else this.#data.setFloat32(i * 4, v, true);
    });
    this.#device.queue.writeBuffer(this.buffer, 0, this.#data.buffer);
  }
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Workgroups needed to cover `n` items with `size` per group. */
export function groups(n: number, size: number): number {
  return Math.ceil(n / size);
}

/** Largest workgroup count per dispatch dimension that every WebGPU device allows. */
export const MAX_GROUPS_PER_DIMENSION = 65535;

/** Dispatch enough workgroups of `size` threads for `n` items, spilling into y past the per-dimension limit. */
export function dispatchLinear(
  kernel: Kernel,
  pass: GPUComputePassEncoder,
  group: GPUBindGroup,
  n: number,
  size: number,
): void {
  const total = Math.max(1, groups(n, size));
  const x = Math.min(total, MAX_GROUPS_PER_DIMENSION);
  kernel.dispatch(pass, group, x, Math.ceil(total / x));
}

/**
 * Encodes one bound op for n (rows or elements, as the op defines); `context`, the step's longest context in
 * tokens, is for ops whose dispatch depends on it (attention).
 */
export type Encode = (pass: GPUComputePassEncoder, n: number, context?: number) => void;

/** A kernel's host side: its pipeline, built once per device, and the device to make params and bind groups on. */
export class KernelHost {
  protected readonly device: GPUDevice;
  protected readonly kernel: Kernel;

  constructor(device: GPUDevice, label: string, code: string) {
    this.device = device;
    this.kernel = new Kernel(device, label, code);
  }

  /** The pipelines this host dispatches. */
  kernels(): Kernel[] {
    return [this.kernel];
  }

  /**
   * Bind `buffers` plus a params uniform of `types`. The encoder writes params(n) and launches threads(n) threads
   * in linear workgroups of 256.
   */
  protected bindLinear(
    label: string,
    buffers: readonly GPUBuffer[],
    types: readonly FieldType[],
    params: (n: number) => number[],
    threads: (n: number) => number,
  ): Encode {
    const uniform = new Params(this.device, `${this.kernel.label} ${label}`, types);
    const group = this.kernel.bind(label, [...buffers, uniform.buffer]);
    return (pass, n) => {
      uniform.set(params(n));
      dispatchLinear(this.kernel, pass, group, threads(n), 256);
    };
  }
}

/** An op that runs `fused` for up to maxRows rows, and the ops `separate` in turn for more. */
export function upToRows(maxRows: number, fused: Encode, separate: readonly Encode[]): Encode {
  return (pass, T, context) => {
    if (T <= maxRows) fused(pass, T, context);
    else for (const encode of separate) encode(pass, T, context);
  };
}
