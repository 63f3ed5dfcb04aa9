/**
 * Reading a whole safetensors file held in memory (and, for tests and exports, writing one). The header is checked
 * whole before any tensor is read (safetensors-header.ts); F32, F16 and BF16 tensors are read into Float32Arrays.
 */
import {
  headerLength,
  parseHeader,
  tensorInfo,
  tensorValues,
  type SafetensorsHeader,
  type TensorIndex,
  type TensorInfo,
} from './safetensors-header';

export { SafetensorsError, type TensorInfo } from './safetensors-header';

export class Safetensors implements SafetensorsHeader, TensorIndex {
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly metadata: Record<string, string>;
  readonly file: string;
  readonly #data: DataView;

  constructor(buffer: ArrayBuffer, file = 'model.safetensors') {
    const length = headerLength(
      new DataView(buffer, 0, Math.min(8, buffer.byteLength)),
      buffer.byteLength,
      file,
    );
    this.#data = new DataView(buffer, 8 + length);
    ({ tensors: this.tensors, metadata: this.metadata } = parseHeader(
      new Uint8Array(buffer, 8, length),
      this.#data.byteLength,
      file,
    ));
    this.file = file;
  }

  /** The tensor's header entry, checking that it is there and, when `expected` is given, its shape. */
  info(name: string, expected?: readonly number[]): TensorInfo {
    return tensorInfo(this, name, this.file, expected);
  }

  fileOf(): string {
    return this.file;
  }

  /** The tensor's values as f32, checking its shape when `expected` is given. */
  read(name: string, expected?: readonly number[]): Float32Array {
    const { begin, end, dtype } = this.info(name, expected);
    return tensorValues(new DataView(this.#data.buffer, this.#data.byteOffset + begin, end - begin), dtype);
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
