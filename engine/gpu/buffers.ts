/** Labelled GPU buffers and the error scopes around creating GPU objects: storage buffers, uploads, read-back. */

/**
 * A buffer's size for `bytes`: whole 16-byte vectors, since the packed weight kernels read weights 16 bytes at a time
 * (a packed matrix's words need not fill its last vector), and mapping and copies need multiples of 4.
 */
export function alignedSize(bytes: number): number {
  return Math.max(16, Math.ceil(bytes / 16) * 16);
}

export function storageBuffer(device: GPUDevice, label: string, bytes: number): GPUBuffer {
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  return device.createBuffer({ label, size: alignedSize(bytes), usage });
}

/** A storage buffer holding `data`. */
export function uploadBuffer(
  device: GPUDevice,
  label: string,
  data: Float32Array | Int32Array | Uint32Array,
): GPUBuffer {
  const buffer = storageBuffer(device, label, data.byteLength);
  device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

/** Copy `bytes` from `src` into a mappable buffer and return them. */
export async function readBuffer(device: GPUDevice, src: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
  const staging = device.createBuffer({
    label: `${src.label} read-back`,
    size: alignedSize(bytes),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = device.createCommandEncoder({ label: `read ${src.label}` });
  encoder.copyBufferToBuffer(src, 0, staging, 0, alignedSize(bytes));
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = staging.getMappedRange(0, alignedSize(bytes)).slice(0, bytes);
  staging.destroy();
  return out;
}

/** Run allocations under out-of-memory and validation error scopes; a failure becomes an error naming `what`. */
export async function allocating<T>(device: GPUDevice, what: string, allocate: () => T): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  const result = allocate();
  const validation = await device.popErrorScope();
  const memory = await device.popErrorScope();
  if (memory) throw new Error(`The GPU ran out of memory allocating ${what}: ${memory.message}`);
  if (validation) throw new Error(`The GPU refused to allocate ${what}: ${validation.message}`);
  return result;
}

/** Create objects (pipelines, bind groups) under a validation scope; a failure becomes an error naming `what`. */
export async function validated<T>(device: GPUDevice, what: string, create: () => T): Promise<T> {
  device.pushErrorScope('validation');
  const result = create();
  const error = await device.popErrorScope();
  if (error) throw new Error(`WebGPU rejected ${what}: ${error.message}`);
  return result;
}
