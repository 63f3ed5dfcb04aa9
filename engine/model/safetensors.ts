/**
 * Reading (and, for tests and exports, writing) the safetensors format: an 8-byte little-endian header length,
 * a JSON header mapping tensor names to dtype, shape and byte offsets, then the raw data. F32, F16 and BF16
 * tensors are read into Float32Arrays. Every malformed part raises an error naming the tensor or field, and the
 * whole header is checked (the tensors packing the data section exactly) before any tensor's data is read.
 * Format: https://huggingface.co/docs/safetensors
 */
import { bf16ToF32, f16ToF32 } from './half';
import { shown } from './shown';

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

let f16Values: Float32Array | undefined;

/** f16ToF32 of all 65,536 bit patterns, built on first use: looking values up is many times faster than decoding. */
function f16Table(): Float32Array {
  if (!f16Values) {
    f16Values = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) f16Values[bits] = f16ToF32(bits);
  }
  return f16Values;
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
        metadata = readMetadata(entry);
        continue;
      }
      tensors.set(name, this.#entry(name, entry));
    }
    checkPacked([...tensors.values()], this.#data.byteLength);
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /** The tensor's header entry, checking that it is there and, when `expected` is given, its shape. */
  info(name: string, expected?: readonly number[]): TensorInfo {
    const info = this.tensors.get(name);
    if (!info) throw new SafetensorsError(`tensor "${name}" is missing`);
    if (expected && (expected.length !== info.shape.length || expected.some((d, i) => d !== info.shape[i]))) {
      throw new SafetensorsError(`tensor "${name}" has shape [${info.shape}], expected [${expected}]`);
    }
    return info;
  }

  /** The tensor's values as f32, checking its shape when `expected` is given. */
  read(name: string, expected?: readonly number[]): Float32Array {
    const info = this.info(name, expected);
    const count = (info.end - info.begin) / DTYPE_BYTES[info.dtype];
    const out = new Float32Array(count);
    const data = this.#data;
    if (info.dtype === 'F32')
      for (let i = 0; i < count; i++) out[i] = data.getFloat32(info.begin + 4 * i, true);
    else if (info.dtype === 'F16') {
      const table = f16Table();
      for (let i = 0; i < count; i++) out[i] = table[data.getUint16(info.begin + 2 * i, true)]!;
    } else for (let i = 0; i < count; i++) out[i] = bf16ToF32(data.getUint16(info.begin + 2 * i, true));
    return out;
  }

  #entry(name: string, entry: unknown): TensorInfo {
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e !== 'object' || e === null || Array.isArray(e))
      throw new SafetensorsError(
        `tensor "${name}" has a header entry that is not an object (got ${shown(e)})`,
      );
    if (e.dtype !== 'F32' && e.dtype !== 'F16' && e.dtype !== 'BF16') {
      throw new SafetensorsError(
        `tensor "${name}" has dtype ${shown(e.dtype)}; F32, F16 and BF16 are supported`,
      );
    }
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new SafetensorsError(`tensor "${name}" has an invalid shape ${shown(shape)}`);
    }
    const offsets = e.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
    ) {
      throw new SafetensorsError(`tensor "${name}" has invalid data_offsets ${shown(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin)
      throw new SafetensorsError(`tensor "${name}" has data_offsets [${begin},${end}] that run backwards`);
    const elements = elementCount(shape);
    if (elements === undefined) {
      throw new SafetensorsError(`tensor "${name}" has shape [${shape}], more elements than a file can hold`);
    }
    const bytes = elements * DTYPE_BYTES[e.dtype];
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

/** The elements of a tensor of this shape, or undefined when its bytes would pass 2^53 (past which a product of
 *  dimensions is no longer exact). */
function elementCount(shape: readonly number[]): number | undefined {
  if (shape.includes(0)) return 0;
  const count = shape.reduce((a, b) => a * b, 1);
  return Number.isSafeInteger(count * 4) ? count : undefined;
}

/** The header's `__metadata__`: string values by string key, or none (null). */
function readMetadata(entry: unknown): Record<string, string> {
  if (entry === null) return {};
  if (
    typeof entry !== 'object' ||
    Array.isArray(entry) ||
    !Object.values(entry).every((value) => typeof value === 'string')
  ) {
    throw new SafetensorsError(`"__metadata__" must map names to strings (got ${shown(entry)})`);
  }
  return entry as Record<string, string>;
}

/**
 * Refuse a data section its tensors do not pack exactly, as the reference implementation does: taken in order of
 * their offsets, each tensor begins where the one before it ends (the first at byte 0), and the last ends where the
 * data section does. So no two tensors share a byte and no byte belongs to no tensor.
 */
function checkPacked(tensors: TensorInfo[], dataBytes: number): void {
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let before: TensorInfo | undefined;
  for (const t of sorted) {
    if (t.begin < at) {
      throw new SafetensorsError(
        `tensor "${t.name}" (bytes ${t.begin}–${t.end}) overlaps tensor "${before!.name}" (bytes ${before!.begin}–${before!.end})`,
      );
    }
    if (t.begin > at) {
      throw new SafetensorsError(
        `tensor "${t.name}" begins at byte ${t.begin}, but ${before ? `tensor "${before.name}" ends` : 'the data section begins'} at byte ${at}`,
      );
    }
    at = t.end;
    before = t;
  }
  if (at !== dataBytes) {
    throw new SafetensorsError(
      before
        ? `the ${dataBytes}-byte data section runs on past its last tensor "${before.name}", which ends at byte ${at}`
        : `the data section holds ${dataBytes} bytes but the header names no tensor`,
    );
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
