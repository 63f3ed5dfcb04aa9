/**
 * Which backend a session would get on this device: WebGPU with its adapter and limits, or the CPU and why. The
 * device it acquires to find out is released at once. The smallest job: the example in docs/architecture.md.
 */
import { probeGpu, type SessionInfo } from '../create-session';
import { defineDeviceJob } from './job';

export interface ProbeResult {
  backend: 'webgpu' | 'cpu';
  fallbackReason?: string;
  adapter?: SessionInfo['adapter'];
  limits?: { maxStorageBufferBindingSize: number; maxBufferSize: number };
}

export const probeDeviceJob = defineDeviceJob({
  name: 'probe-device',
  async run(_request: void): Promise<ProbeResult> {
    const gpu = await probeGpu();
    if ('reason' in gpu) return { backend: 'cpu', fallbackReason: gpu.reason };
    const result: ProbeResult = { backend: 'webgpu', adapter: gpu.adapter, limits: gpu.limits };
    gpu.device.destroy();
    return result;
  },
});

declare module './registry' {
  interface JobTable {
    [probeDeviceJob.name]: typeof probeDeviceJob;
  }
}
