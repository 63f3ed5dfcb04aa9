// Devices as the engine's probe reports them, for the widgets' unit tests: a WebGPU adapter with a chosen storage
// buffer limit, and the CPU fallback.
import type { ProbeResult } from '@engine/index';

/** A WebGPU adapter binding at most `maxStorageBufferBindingSize` bytes of one buffer (and allocating 1 GiB). */
export function testAdapter(maxStorageBufferBindingSize: number): ProbeResult {
  return { backend: 'webgpu', limits: { maxStorageBufferBindingSize, maxBufferSize: 2 ** 30 } };
}

/** The CPU fallback. */
export const TEST_CPU: ProbeResult = { backend: 'cpu' };
