/**
 * Reading (and, for tests and exports, writing) the safetensors format: an 8-byte little-endian header length,
 * a JSON header mapping tensor names to dtype, shape and byte offsets, then the raw data. F32, F16 and BF16
 * tensors are read into Float32Arrays. Every malformed part raises an error naming the tensor or field.
 * Format: https://huggingface.co/docs/safetensors
 */
import { bf16ToF32, f16ToF32 } from './half';

export type SafetensorsDtype = 'F32' | 'F16' | 'BF16';

const DTYPE_BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2 };

export interface TensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** Byte offsets into the data section, begin inclusive, end exclusive. */
  begin: number;
  end: number;
}

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(`model.safetensors: ${message}`);
    this.name = 'SafetensorsError';
  }
}

export class Safetensors {
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly metadata: Record<string, string>;
  readonly #data: DataView;

  constructor(buffer: ArrayBuffer) {
    if (buffer.byteLength < 8)
      throw new SafetensorsError(`file is ${buffer.byteLength} bytes, too short for a header`);
    const view = new DataView(buffer);
    const headerLength = Number(view.getBigUint64(0, true));
    if (headerLength > buffer.byteLength - 8) {
      throw new SafetensorsError(
        `header length ${headerLength} runs past the end of the ${buffer.byteLength}-byte file`,
      );
    }
    let header: unknown;
    try {
      header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength)));
    } catch (error) {
      throw new SafetensorsError(`header is not valid JSON (${(error as Error).message})`);
    }
    if (typeof header !== 'object' || header === null || Array.isArray(header)) {
      throw new SafetensorsError('header must be a JSON object');
    }
    this.#data = new DataView(buffer, 8 + headerLength);
    const tensors = new Map<string, TensorInfo>();
    let metadata: Record<string, string> = {};
    for (const [name, entry] of Object.entries(header)) {
      if (name === '__metadata__') {
        metadata = entry as Record<string, string>;
        continue;
      }
      tensors.set(name, this.#check(name, entry));
    }
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /** The tensor's values as f32, checking its shape when `expected` is given. */
  read(name: string, expected?: readonly number[]): Float32Array {
    const info = this.tensors.get(name);
    if (!info) throw new SafetensorsError(`tensor "${name}" is missing`);
    if (expected && (expected.length !== info.shape.length || expected.some((d, i) => d !== info.shape[i]))) {
      throw new SafetensorsError(`tensor "${name}" has shape [${info.shape}], expected [${expected}]`);
    }
    const count = (info.end - info.begin) / DTYPE_BYTES[info.dtype];
    const out = new Float32Array(count);
    const data = this.#data;
    if (info.dtype === 'F32')
      for (let i = 0; i < count; i++) out[i] = data.getFloat32(info.begin + 4 * i, true);
    else {
      const convert = info.dtype === 'F16' ? f16ToF32 : bf16ToF32;
      for (let i = 0; i < count; i++) out[i] = convert(data.getUint16(info.begin + 2 * i, true));
    }
    return out;
  }

  #check(name: string, entry: unknown): TensorInfo {
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e !== 'object' || e === null)
      throw new SafetensorsError(`tensor "${name}" has no header entry`);
    if (e.dtype !== 'F32' && e.dtype !== 'F16' && e.dtype !== 'BF16') {
      throw new SafetensorsError(
        `tensor "${name}" has dtype ${JSON.stringify(e.dtype)}; F32, F16 and BF16 are supported`,
      );
    }
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new SafetensorsError(`tensor "${name}" has an invalid shape ${JSON.stringify(shape)}`);
    }
    const offsets = e.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isInteger(o) && o >= 0)
    ) {
      throw new SafetensorsError(`tensor "${name}" has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    const bytes = shape.reduce((a: number, b: number) => a * b, 1) * DTYPE_BYTES[e.dtype];
    if (end - begin !== bytes) {
      throw new SafetensorsError(
        `tensor "${name}" spans ${end - begin} bytes but shape [${shape}] in ${e.dtype} needs ${bytes}`,
      );
    }
    if (end > this.#data.byteLength) {
      throw new SafetensorsError(
        `tensor "${name}" ends at byte ${end}, past the ${this.#data.byteLength}-byte data section`,
      );
    }
    return { name, dtype: e.dtype, shape, begin, end };
  }
}

/** Serialise f32 tensors, in the order given, to a safetensors file. */
export function writeSafetensors(
  tensors: { name: string; shape: number[]; data: Float32Array }[],
): ArrayBuffer {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new ArrayBuffer(8 + headerBytes.length + offset);
  new DataView(out).setBigUint64(0, BigInt(headerBytes.length), true);
  new Uint8Array(out, 8, headerBytes.length).set(headerBytes);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    new Uint8Array(out, at, t.data.byteLength).set(
      new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
    );
    at += t.data.byteLength;
  }
  return out;
}
