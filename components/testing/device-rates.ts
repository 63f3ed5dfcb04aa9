// Device rates for the widgets' unit tests: round measured rates for the predictions to divide by.
import type { DeviceRates } from '@engine/index';

/** A WebGPU device that copies `copyBandwidth` bytes/s (read + write) and computes `peakFlops` FLOP/s. */
export function testRates(copyBandwidth = 100e9, peakFlops = 1e12): DeviceRates {
  return { backend: 'webgpu', copyBandwidth, peakFlops, clock: 'wall', seconds: 1 };
}
