/**
 * Measures this device's rates (copy bandwidth, peak FLOP/s, dispatch and submit costs) with the microbenchmarks of
 * measure/microbench.ts: on WebGPU where it works, else on the CPU fallback.
 */
import { probeGpu } from '../create-session';
import { measureCpuRates, measureGpuRates, type DeviceRates } from '../measure/microbench';
import { defineDeviceJob } from './job';

export const measureDeviceJob = defineDeviceJob({
  name: 'measure-device',
  async run(_request: void, progress): Promise<DeviceRates> {
    const report = (stage: string, fraction: number) => progress({ stage, fraction });
    const gpu = await probeGpu();
    if ('reason' in gpu) return measureCpuRates(report);
    try {
      return await measureGpuRates(gpu.device, gpu.limits.maxStorageBufferBindingSize, report);
    } finally {
      gpu.device.destroy();
    }
  },
});

declare module './registry' {
  interface JobTable {
    [measureDeviceJob.name]: typeof measureDeviceJob;
  }
}
