import { describe, expect, it } from 'vitest';
import { f32ToBf16, f32ToF16 } from './half';
import { Safetensors, SafetensorsError, writeSafetensors } from './safetensors';

/** A safetensors file built byte by byte: header JSON, then the given data bytes. */
function file(header: object, data: number[]): ArrayBuffer {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out.buffer;
}

describe('Safetensors', () => {
  it('reads f16 from known bytes: 1, -2, 0.5, 65504 and the smallest subnormal', () => {
    // little-endian 0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001
    const st = new Safetensors(
      file(
        { h: { dtype: 'F16', shape: [5], data_offsets: [0, 10] } },
        [0x00, 0x3c, 0x00, 0xc0, 0x00, 0x38, 0xff, 0x7b, 0x01, 0x00],
      ),
    );
    expect(Array.from(st.read('h'))).toEqual([1, -2, 0.5, 65504, 2 ** -24]);
  });

  it('reads bf16 from known bytes: 1, -2, and 0x4049 = 3.140625', () => {
    const st = new Safetensors(
      file({ b: { dtype: 'BF16', shape: [3], data_offsets: [0, 6] } }, [0x80, 0x3f, 0x00, 0xc0, 0x49, 0x40]),
    );
    expect(Array.from(st.read('b'))).toEqual([1, -2, 3.140625]);
  });

  it('reads f32 from known bytes and keeps metadata', () => {
    // 0x3fc00000 = 1.5, 0xc0490fdb ≈ -π
    const st = new Safetensors(
      file(
        { __metadata__: { format: 'pt' }, w: { dtype: 'F32', shape: [2, 1], data_offsets: [0, 8] } },
        [0, 0, 0xc0, 0x3f, 0xdb, 0x0f, 0x49, 0xc0],
      ),
    );
    expect(st.read('w', [2, 1])[0]).toBe(1.5);
    expect(st.read('w')[1]).toBeCloseTo(-Math.PI, 6);
    expect(st.metadata).toEqual({ format: 'pt' });
  });

  it('round-trips what it writes', () => {
    const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const st = new Safetensors(writeSafetensors([{ name: 'x', shape: [2, 3], data }]));
    expect(st.read('x', [2, 3])).toEqual(data);
  });

  it('names the tensor or field that is malformed', () => {
    expect(() => new Safetensors(new ArrayBuffer(4))).toThrow('too short for a header');
    expect(
      () => new Safetensors(file({ a: { dtype: 'I8', shape: [1], data_offsets: [0, 1] } }, [0])),
    ).toThrow('tensor "a" has dtype "I8"');
    expect(
      () => new Safetensors(file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, [0, 0, 0, 0])),
    ).toThrow('tensor "a" spans 4 bytes but shape [2] in F32 needs 8');
    expect(
      () => new Safetensors(file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, [0, 0, 0, 0])),
    ).toThrow('tensor "a" ends at byte 8, past the 4-byte data section');
    const st = new Safetensors(file({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, [0, 0, 0, 0]));
    expect(() => st.read('b')).toThrow('tensor "b" is missing');
    expect(() => st.read('a', [2])).toThrow('tensor "a" has shape [1], expected [2]');
    const bad = new Uint8Array(12);
    new DataView(bad.buffer).setBigUint64(0, 4n, true);
    bad.set([0x7b, 0x7b, 0x7b, 0x7b], 8);
    expect(() => new Safetensors(bad.buffer)).toThrow(SafetensorsError);
  });
});

describe('half conversions', () => {
  it('round to nearest for f16 and bf16', () => {
    expect(f32ToF16(1)).toBe(0x3c00);
    expect(f32ToF16(-2)).toBe(0xc000);
    expect(f32ToF16(65504)).toBe(0x7bff);
    expect(f32ToF16(2 ** -24)).toBe(0x0001);
    // Ties round to the even neighbour, as numpy does: 1 + 2⁻¹¹ lies halfway between 1 and 1 + 2⁻¹⁰.
    expect(f32ToF16(1 + 2 ** -11)).toBe(0x3c00);
    expect(f32ToF16(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(f32ToF16(65520)).toBe(0x7c00);
    expect(f32ToBf16(Math.PI)).toBe(0x4049);
    expect(f32ToBf16(1)).toBe(0x3f80);
  });
});
