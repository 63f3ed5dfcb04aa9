/**
 * The scheduler priced by the cost model at a real model's scale (cost-model-executor.ts): a stream far beyond a
 * browser served on, say, Llama 2 13B on one H100, with the KV pool the device's memory holds beside the weights.
 * A sweep over arrival rates gives throughput and latency against load, and the knee where latency takes off.
 */
import { weightBytes, type ServingSetup } from '../../analytic/decode';
import { kvBytesPerToken } from '../../analytic/llama-shape';
import { CostModelExecutor } from './cost-model-executor';
import { requestStream, type StreamOptions } from './request-stream';
import { serve, type SchedulerOptions, type ServeResult } from './scheduler';
import { serveMetrics, type ServeMetrics } from './serve-metrics';

/** Tokens per KV block, vLLM's default block size. */
export const SCALE_BLOCK_SIZE = 16;
/** Share of the device's memory the server may fill, vLLM's default gpu_memory_utilization. */
export const MEMORY_FRACTION = 0.9;

export interface ScaleSetup {
  setup: ServingSetup;
  stream: Omit<StreamOptions, 'source' | 'rate'>;
  scheduler: Omit<SchedulerOptions, 'policy' | 'numBlocks' | 'blockSize'>;
}

/** KV blocks that fit in the device's usable memory beside the weights (0 when the weights alone do not fit). */
export function poolBlocks(setup: ServingSetup, blockSize = SCALE_BLOCK_SIZE): number {
  const free = setup.device.memoryBytes * MEMORY_FRACTION - weightBytes(setup);
  return Math.max(0, Math.floor(free / (blockSize * kvBytesPerToken(setup.model, setup.kvDtype))));
}

/** The stream's prompts only need lengths here: cut them from a run of distinct ids. */
const sourceFor = ({ promptTokens }: ScaleSetup['stream']) =>
  Array.from({ length: promptTokens.kind === 'fixed' ? promptTokens.tokens : promptTokens.max }, (_, i) => i);

export interface ScaleRun extends ServeResult {
  metrics: ServeMetrics;
}

/** The stream at `rate` requests per second served under `policy`, every step priced by the cost model; `hooks` as serve's. */
export async function serveAtScale(
  { setup, stream, scheduler }: ScaleSetup,
  rate: number,
  policy: SchedulerOptions['policy'],
  hooks: Parameters<typeof serve>[3] = {},
): Promise<ScaleRun> {
  const requests = requestStream({ ...stream, rate, source: sourceFor(stream) });
  const options = {
    ...scheduler,
    policy,
    numBlocks: poolBlocks(setup),
    blockSize: SCALE_BLOCK_SIZE,
  };
  const result = await serve(requests, new CostModelExecutor(setup), options, hooks);
  return { ...result, metrics: serveMetrics(result, scheduler.slots) };
}

/**
 * The lowest arrival rate at which median latency has reached `factor` times its value at the lightest load swept:
 * where queueing, not the work itself, starts to set the latency. Undefined if no rate swept gets there.
 */
export function latencyKnee(
  points: readonly { rate: number; p50: number }[],
  factor = 2,
): number | undefined {
  const sorted = [...points].sort((a, b) => a.rate - b.rate);
  const light = sorted[0]?.p50;
  return light === undefined ? undefined : sorted.find((p) => p.p50 >= factor * light)?.rate;
}
