/**
 * The safetensors format's header: an 8-byte little-endian length, then a JSON object mapping tensor names to dtype,
 * shape and byte offsets into the data section after it. Every malformed part raises an error naming the file and
 * the tensor or field, and the whole header is checked (the tensors packing the data section exactly) before any
 * tensor's data is read. Shared by the in-memory reader (safetensors.ts) and the one that reads a picked file a
 * tensor at a time (checkpoint-folder.ts). Format: https://huggingface.co/docs/safetensors
 */
import { bf16ToF32, f16ToF32 } from './half';
import { shown } from './shown';

export type SafetensorsDtype = 'F32' | 'F16' | 'BF16';

export const DTYPE_BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2 };

export interface TensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** Byte offsets into the data section, begin inclusive, end exclusive. */
  begin: number;
  end: number;
}

export class SafetensorsError extends Error {
  constructor(message: string, file = 'model.safetensors') {
    super(`${file}: ${message}`);
    this.name = 'SafetensorsError';
  }
}

/** The error for `file`, message first as the class takes it. */
function failure(file: string, message: string): SafetensorsError {
  return new SafetensorsError(message, file);
}

/** The header's tensors by name, and its `__metadata__`. */
export interface SafetensorsHeader {
  tensors: ReadonlyMap<string, TensorInfo>;
  metadata: Record<string, string>;
}

/** Tensors' header entries, found by name in one file or several; what weights.ts checks a config against. */
export interface TensorIndex {
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  /** The tensor's entry, checking that it is there and, when `expected` is given, its shape. */
  info(name: string, expected?: readonly number[]): TensorInfo;
  /** The file a tensor is in (or would be), for messages. */
  fileOf(name: string): string;
}

/** The longest header read, as the format's reference implementation allows (100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

/** The header's length from a file's first 8 bytes, checked against the file's size. */
export function headerLength(first: DataView, fileBytes: number, file: string): number {
  if (fileBytes < 8) throw failure(file, `file is ${fileBytes} bytes, too short for a header`);
  const length = Number(first.getBigUint64(0, true));
  if (length > MAX_HEADER_BYTES)
    throw failure(file, `header length ${length} is past the format's limit of ${MAX_HEADER_BYTES} bytes`);
  if (length > fileBytes - 8) {
    throw failure(file, `header length ${length} runs past the end of the ${fileBytes}-byte file`);
  }
  return length;
}

/** Parse and check the header's JSON bytes against a data section of `dataBytes`. */
export function parseHeader(json: Uint8Array, dataBytes: number, file: string): SafetensorsHeader {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(json));
  } catch (error) {
    throw failure(file, `header is not valid JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw failure(file, 'header must be a JSON object');
  }
  const tensors = new Map<string, TensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') metadata = readMetadata(entry, file);
    else tensors.set(name, readEntry(name, entry, dataBytes, file));
  }
  checkPacked([...tensors.values()], dataBytes, file);
  return { tensors, metadata };
}

/** A tensor's header entry, checking that it is there and, when `expected` is given, its shape. */
export function tensorInfo(
  header: Pick<SafetensorsHeader, 'tensors'>,
  name: string,
  file: string,
  expected?: readonly number[],
): TensorInfo {
  const info = header.tensors.get(name);
  if (!info) throw failure(file, `tensor "${name}" is missing`);
  if (expected && (expected.length !== info.shape.length || expected.some((d, i) => d !== info.shape[i]))) {
    throw failure(file, `tensor "${name}" has shape [${info.shape}], expected [${expected}]`);
  }
  return info;
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

/** A tensor's bytes (`data`, from its first) as f32. */
export function tensorValues(data: DataView, dtype: SafetensorsDtype): Float32Array {
  const count = data.byteLength / DTYPE_BYTES[dtype];
  const out = new Float32Array(count);
  if (dtype === 'F32') for (let i = 0; i < count; i++) out[i] = data.getFloat32(4 * i, true);
  else if (dtype === 'F16') {
    const table = f16Table();
    for (let i = 0; i < count; i++) out[i] = table[data.getUint16(2 * i, true)]!;
  } else for (let i = 0; i < count; i++) out[i] = bf16ToF32(data.getUint16(2 * i, true));
  return out;
}

function readEntry(name: string, entry: unknown, dataBytes: number, file: string): TensorInfo {
  const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof e !== 'object' || e === null || Array.isArray(e))
    throw failure(file, `tensor "${name}" has a header entry that is not an object (got ${shown(e)})`);
  if (e.dtype !== 'F32' && e.dtype !== 'F16' && e.dtype !== 'BF16') {
    throw failure(file, `tensor "${name}" has dtype ${shown(e.dtype)}; F32, F16 and BF16 are supported`);
  }
  const shape = e.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw failure(file, `tensor "${name}" has an invalid shape ${shown(shape)}`);
  }
  const offsets = e.data_offsets;
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
  ) {
    throw failure(file, `tensor "${name}" has invalid data_offsets ${shown(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin)
    throw failure(file, `tensor "${name}" has data_offsets [${begin},${end}] that run backwards`);
  const elements = elementCount(shape);
  if (elements === undefined) {
    throw failure(file, `tensor "${name}" has shape [${shape}], more elements than a file can hold`);
  }
  const bytes = elements * DTYPE_BYTES[e.dtype];
  if (end - begin !== bytes) {
    throw failure(
      file,
      `tensor "${name}" spans ${end - begin} bytes but shape [${shape}] in ${e.dtype} needs ${bytes}`,
    );
  }
  if (end > dataBytes) {
    throw failure(file, `tensor "${name}" ends at byte ${end}, past the ${dataBytes}-byte data section`);
  }
  return { name, dtype: e.dtype, shape, begin, end };
}

/** The elements of a tensor of this shape, or undefined when its bytes would pass 2^53 (past which a product of
 *  dimensions is no longer exact). */
function elementCount(shape: readonly number[]): number | undefined {
  if (shape.includes(0)) return 0;
  const count = shape.reduce((a, b) => a * b, 1);
  return Number.isSafeInteger(count * 4) ? count : undefined;
}

/** The header's `__metadata__`: string values by string key, or none (null). */
function readMetadata(entry: unknown, file: string): Record<string, string> {
  if (entry === null) return {};
  if (
    typeof entry !== 'object' ||
    Array.isArray(entry) ||
    !Object.values(entry).every((value) => typeof value === 'string')
  ) {
    throw failure(file, `"__metadata__" must map names to strings (got ${shown(entry)})`);
  }
  return entry as Record<string, string>;
}

/**
 * Refuse a data section its tensors do not pack exactly, as the reference implementation does: taken in order of
 * their offsets, each tensor begins where the one before it ends (the first at byte 0), and the last ends where the
 * data section does. So no two tensors share a byte and no byte belongs to no tensor.
 */
function checkPacked(tensors: TensorInfo[], dataBytes: number, file: string): void {
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let before: TensorInfo | undefined;
  for (const t of sorted) {
    if (t.begin < at) {
      throw failure(
        file,
        `tensor "${t.name}" (bytes ${t.begin}–${t.end}) overlaps tensor "${before!.name}" (bytes ${before!.begin}–${before!.end})`,
      );
    }
    if (t.begin > at) {
      throw failure(
        file,
        `tensor "${t.name}" begins at byte ${t.begin}, but ${before ? `tensor "${before.name}" ends` : 'the data section begins'} at byte ${at}`,
      );
    }
    at = t.end;
    before = t;
  }
  if (at !== dataBytes) {
    throw failure(
      file,
      before
        ? `the ${dataBytes}-byte data section runs on past its last tensor "${before.name}", which ends at byte ${at}`
        : `the data section holds ${dataBytes} bytes but the header names no tensor`,
    );
  }
}
