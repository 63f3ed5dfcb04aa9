// Params, the kernels' small uniform buffers: a field's change is uploaded, an unchanged set is not.
import { beforeAll, describe, expect, it } from 'vitest';
import { Params } from './kernel';

/** A device that only records what its queue is asked to write. */
function recordingDevice() {
  const writes: ArrayBuffer[] = [];
  const device = {
    createBuffer: ({ size }: GPUBufferDescriptor) => ({ size }),
    queue: { writeBuffer: (_: GPUBuffer, __: number, data: ArrayBuffer) => writes.push(data.slice(0)) },
  } as unknown as GPUDevice;
  return { device, writes };
}

beforeAll(() => {
  (globalThis as { GPUBufferUsage?: unknown }).GPUBufferUsage ??= { UNIFORM: 0x40, COPY_DST: 0x8 };
});

describe('Params', () => {
  it('uploads u32 and f32 fields in order, and again only when a value changes', () => {
    const { device, writes } = recordingDevice();
    const params = new Params(device, 'test', ['u32', 'u32', 'f32']);
    params.set([3, 7, 0.5]);
    params.set([3, 7, 0.5]);
    expect(writes).toHaveLength(1);
    const first = new DataView(writes[0]!);
    expect([first.getUint32(0, true), first.getUint32(4, true), first.getFloat32(8, true)]).toEqual([
      3, 7, 0.5,
    ]);

    params.set([3, 8, 0.5]);
    expect(writes).toHaveLength(2);
    expect(new DataView(writes[1]!).getUint32(4, true)).toBe(8);
  });

  it("keeps its own copy of the values, so a caller's array changed in place is still seen", () => {
    const { device, writes } = recordingDevice();
    const params = new Params(device, 'test', ['u32']);
    const values = [1];
    params.set(values);
    values[0] = 2;
    params.set(values);
    expect(writes.map((data) => new DataView(data).getUint32(0, true))).toEqual([1, 2]);
  });
});
