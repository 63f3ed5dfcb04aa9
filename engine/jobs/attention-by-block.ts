/**
 * Lesson 8's attention time against KV block size: measure/attention-by-block.ts's timer at each block size asked,
 * on WebGPU where it works, else on the CPU fallback. A device job: the page passes its model's head shape, so no
 * weights are loaded. Each block size's time is streamed as it comes; a cancel stops between block sizes.
 */
import { probeGpu } from '../create-session';
import {
  cpuAttentionTimer,
  gpuAttentionTimer,
  type AttentionByBlockRequest,
  type AttentionTimer,
} from '../measure/attention-by-block';
import { defineDeviceJob, type Progress } from './job';
import { yieldToEvents } from './yield-to-events';

export interface AttentionBlockPoint {
  /** Tokens per KV block. */
  blockSize: number;
  /** Wall-clock seconds of one attention call over the batch. */
  seconds: number;
}

export interface AttentionByBlockResult {
  /** Where it was measured. */
  backend: 'webgpu' | 'cpu';
  /** One per block size measured, in the request's order. */
  points: AttentionBlockPoint[];
  /** Whether the signal stopped it before the last block size. */
  cancelled: boolean;
}

/** Time each block size in turn, reporting each point as it comes; stops between block sizes once `signal` aborts. */
export async function attentionByBlock(
  timer: AttentionTimer,
  blockSizes: readonly number[],
  report: (point: AttentionBlockPoint, fraction: number) => void,
  signal?: AbortSignal,
): Promise<Omit<AttentionByBlockResult, 'backend'>> {
  const points: AttentionBlockPoint[] = [];
  for (const blockSize of blockSizes) {
    await yieldToEvents();
    if (signal?.aborted) return { points, cancelled: true };
    const point = { blockSize, seconds: await timer.time(blockSize) };
    points.push(point);
    report(point, points.length / blockSizes.length);
  }
  return { points, cancelled: false };
}

export const attentionByBlockJob = defineDeviceJob({
  name: 'attention-by-block',
  async run(
    request: AttentionByBlockRequest,
    progress: Progress<AttentionBlockPoint>,
    signal,
  ): Promise<AttentionByBlockResult> {
    const report = (partial: AttentionBlockPoint, fraction: number) =>
      progress({ stage: `timed blocks of ${partial.blockSize}`, fraction, partial });
    const gpu = await probeGpu();
    if ('reason' in gpu) {
      const timed = await attentionByBlock(cpuAttentionTimer(request), request.blockSizes, report, signal);
      return { backend: 'cpu', ...timed };
    }
    try {
      const timer = await gpuAttentionTimer(gpu.device, request);
      return { backend: 'webgpu', ...(await attentionByBlock(timer, request.blockSizes, report, signal)) };
    } finally {
      gpu.device.destroy();
    }
  },
});

declare module './registry' {
  interface JobTable {
    [attentionByBlockJob.name]: typeof attentionByBlockJob;
  }
}
