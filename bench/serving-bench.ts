/**
 * Static against continuous batching on one GPU, lesson 7's benchmark: a seeded stream of requests served on a
 * synthetic model by the scheduler (engine/serve/scheduler), the same stream under each policy at a few arrival
 * rates, as the page's serve-stream job (engine/jobs/serve-stream.ts) serves it in the tab. Every step is one
 * batched forward of the model runner awaited with its logits read back (EngineExecutor), timed by the wall clock;
 * the scheduler's clock moves by those times, and jumps over idle gaps to the next arrival, so a light load costs
 * no more than its busy steps.
 * - The model: Llama 3.2 1B's widths (D 2048, 16 layers, 32 query heads and 8 KV heads of 64, F 8192) with the
 *   synthetic byte vocabulary, f32 weights (3.9 GB): the engine's batched path (the skinny matmul kernel for 9–64
 *   rows) is tuned for f32, where a batch-16 decode step costs about twice a batch-1 step (memory-bound); f16
 *   weights past 8 rows take the 64 × 64 tiled kernel, about ten times a decode step (docs/performance.md).
 * - The rates are set from the device's own step times, so the result means the same on any GPU: decode steps at
 *   every batch up to the slots and single-prompt prefills around the token budget are timed first; the whole stream
 *   arriving at once is then priced by the scheduler from those times to estimate each policy's capacity
 *   (requests/s), and the stream is served at a light rate, one between the two capacities (static saturated,
 *   continuous not) and one past continuous's.
 * One untimed warm-up serve (the stream's first requests as one batch for two tokens, as the page does) and the
 * step-time sweep take shader compiles off every measured clock.
 */
import {
  EngineExecutor,
  fillerTokens,
  GpuBackend,
  ModelRunner,
  PagedKvCache,
  storedBytes,
  storedSpecs,
  type Executor,
  type GpuContext,
  type StepItem,
} from '../engine/bench-entry';
import {
  parameterCount,
  requestStream,
  serve,
  serveMetrics,
  syntheticConfig,
  type LlamaConfig,
  type SchedulerOptions,
  type ServeMetrics,
  type ServeRequest,
  type StreamOptions,
  type WeightScheme,
} from '../engine/index';

type Policy = SchedulerOptions['policy'];

export interface ServingRun {
  /** Which of the rates: light, between (static saturated), past (both saturated). */
  load: string;
  /** Mean arrivals per second. */
  rate: number;
  policy: Policy;
  metrics: ServeMetrics;
  steps: number;
  preemptions: number;
  /** Tokens generated, all requests. */
  generated: number;
  /** Seconds the steps took (the scheduler's clock less its idle gaps). */
  busySeconds: number;
  /** Seconds of host time between steps (the scheduler's own work), on no clock: real time less busySeconds. */
  hostSeconds: number;
}

export interface ServingBenchReport {
  adapter: GpuContext['adapter'];
  method: string;
  model: { config: LlamaConfig; parameters: number; weights: string; weightBytes: number };
  stream: Omit<StreamOptions, 'source' | 'rate'> & {
    source: string;
    meanPromptTokens: number;
    meanOutputTokens: number;
  };
  scheduler: Omit<SchedulerOptions, 'policy'>;
  /** The step times the rates were set from: decode steps at `context` cached tokens, and single-prompt prefills. */
  stepTimes: {
    context: number;
    steps: number;
    decode: { batch: number; seconds: number }[];
    prefill: { tokens: number; seconds: number }[];
  };
  /** Requests per second each policy serves with the whole stream waiting, priced from stepTimes. */
  capacity: { method: string } & Record<Policy, number>;
  rates: { load: string; rate: number; basis: string; offeredTokensPerSecond: number }[];
  runs: ServingRun[];
}

const F32: WeightScheme = { kind: 'f32' };
const POLICIES: Policy[] = ['static', 'continuous'];

interface Setup {
  config: LlamaConfig;
  stream: Omit<StreamOptions, 'source' | 'rate'>;
  scheduler: Omit<SchedulerOptions, 'policy' | 'numBlocks'>;
  /** Timed decode steps per batch, after one untimed; timed prefills per length, after one untimed. */
  decodeSteps: number;
  prefillRuns: number;
}

/** Llama 3.2 1B's widths with the byte vocabulary, 16 slots; or a tiny model and stream that run in seconds. */
function setupFor(tiny: boolean): Setup {
  if (tiny)
    return {
      config: syntheticConfig({ width: 64, layers: 2, heads: 4, kvHeads: 2, maxPositions: 32 }),
      stream: {
        seed: 1,
        requests: 12,
        promptTokens: { kind: 'uniform', min: 4, max: 16 },
        outputTokens: { kind: 'geometric', mean: 6, max: 12 },
      },
      scheduler: { slots: 4, blockSize: 8, tokenBudget: 16, chunkedPrefill: true, staticTimeout: 0 },
      decodeSteps: 3,
      prefillRuns: 1,
    };
  return {
    config: syntheticConfig({
      width: 2048,
      layers: 16,
      heads: 32,
      kvHeads: 8,
      mlpWidth: 8192,
      maxPositions: 512,
    }),
    stream: {
      seed: 1,
      requests: 128,
      promptTokens: { kind: 'uniform', min: 32, max: 256 },
      outputTokens: { kind: 'geometric', mean: 64, max: 256 },
    },
    // A token budget of 64 a step, prompts chunked to fit: a step then stays on the kernels batched decoding runs
    // (up to 64 rows), where a prompt chunk costs little beside the decodes it rides with. Past 64 rows the engine's
    // linear layers take the 128 × 128 blocked kernel, whose time is flat up to 128 rows (docs/performance.md's
    // per-kernel table: 4 % of copy at any row count on a 4096² layer, the skinny kernel 16 % at 64 rows), so a
    // larger chunk would make every step carrying one several decode steps long (Agrawal et al. 2024,
    // Sarathi-Serve: the budget follows the step-time profile). The prefill sweep goes past the budget to show it.
    // A static batch starts as soon as the server is idle and a request waits (no waiting to fill it): static's
    // best latency at light load; past saturation its batches are full either way.
    scheduler: { slots: 16, blockSize: 16, tokenBudget: 64, chunkedPrefill: true, staticTimeout: 0 },
    decodeSteps: 20,
    prefillRuns: 3,
  };
}

const ms = (seconds: number) => (seconds * 1e3).toFixed(1);
const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const maxLength = (d: StreamOptions['promptTokens']) => (d.kind === 'fixed' ? d.tokens : d.max);

/** Mean seconds of an awaited decode step of B sequences, each after `context` cached tokens (fed `chunk` a step). */
async function decodeStep(
  runner: ModelRunner,
  B: number,
  context: number,
  chunk: number,
  steps: number,
): Promise<number> {
  const seqs = Array.from({ length: B }, () => runner.create());
  try {
    for (const seq of seqs)
      for (let at = 0; at < context; at += chunk)
        await runner.forward([
          { seq, tokens: fillerTokens(Math.min(chunk, context - at), at), logits: 'last' },
        ]);
    const step = () => runner.forward(seqs.map((seq) => ({ seq, tokens: [1], logits: 'last' as const })));
    await step();
    const start = performance.now();
    for (let i = 0; i < steps; i++) await step();
    return (performance.now() - start) / 1000 / steps;
  } finally {
    for (const seq of seqs) runner.free(seq);
  }
}

/** Mean seconds of an awaited prefill of T tokens into a new sequence, after one untimed. */
async function prefillStep(runner: ModelRunner, T: number, runs: number): Promise<number> {
  const once = async () => {
    const seq = runner.create();
    try {
      const start = performance.now();
      await runner.forward([{ seq, tokens: fillerTokens(T), logits: 'last' }]);
      return (performance.now() - start) / 1000;
    } finally {
      runner.free(seq);
    }
  };
  await once();
  let total = 0;
  for (let i = 0; i < runs; i++) total += await once();
  return total / runs;
}

/**
 * The scheduler's steps priced from measured step times by the token rows a step feeds, linear between the
 * measured points (decode batches up to the slots, prefill lengths beyond), for estimating capacity; nothing runs.
 */
class PricedExecutor implements Executor {
  readonly #points: { rows: number; seconds: number }[];

  constructor(points: { rows: number; seconds: number }[]) {
    this.#points = [...points].sort((a, b) => a.rows - b.rows);
  }

  seconds(rows: number): number {
    const points = this.#points;
    const first = points[0]!;
    const last = points.at(-1)!;
    if (rows <= first.rows) return first.seconds;
    if (rows >= last.rows) return (last.seconds * rows) / last.rows;
    const hi = points.findIndex((p) => p.rows >= rows);
    const [a, b] = [points[hi - 1]!, points[hi]!];
    return a.seconds + ((b.seconds - a.seconds) * (rows - a.rows)) / (b.rows - a.rows);
  }

  async step(items: readonly StepItem[]) {
    const rows = items.reduce((s, item) => s + item.tokens.length, 0);
    const tokens = new Map(items.filter((item) => item.sample).map((item) => [item.request, 0]));
    return { seconds: this.seconds(rows), tokens };
  }

  release(): void {}
}

/** The stream's first `slots` requests arriving together, for two tokens each (the page's warm-up). */
const warmUpStream = (stream: readonly ServeRequest[], slots: number): ServeRequest[] =>
  stream.slice(0, slots).map((r) => ({ ...r, arrival: 0, maxNewTokens: Math.min(2, r.maxNewTokens) }));

export async function servingBench(
  acquire: () => Promise<GpuContext>,
  { tiny, log = () => {} }: { tiny: boolean; log?: (line: string) => void },
): Promise<ServingBenchReport> {
  const setup = setupFor(tiny);
  const { config } = setup;
  const { slots, blockSize, tokenBudget } = setup.scheduler;
  const longest = maxLength(setup.stream.promptTokens) + maxLength(setup.stream.outputTokens);
  // Blocks for every slot's longest request: the pool never forces a preemption, so the policies alone differ.
  const numBlocks = slots * Math.ceil(longest / blockSize);
  const options = { ...setup.scheduler, numBlocks };
  const source = fillerTokens(4096);
  const streamAt = (rate: number) => requestStream({ ...setup.stream, rate, source });
  // The same requests at every rate: a finite rate only scales the arrival times (the draws are the same).
  const base = streamAt(1);
  const meanPromptTokens = mean(base.map((r) => r.prompt.length));
  const meanOutputTokens = mean(base.map((r) => r.maxNewTokens));
  // Step times: decodes at every batch up to the slots, at the context a request holds halfway through its output on
  // average; single prompts from an eighth of the budget to eight budgets (the kernels change with the rows a step
  // feeds, so the curve has steps, not one slope).
  const context = Math.round(meanPromptTokens + meanOutputTokens / 2);
  const batches = Array.from({ length: slots }, (_, i) => i + 1);
  const prompts = [1 / 8, 1 / 4, 3 / 8, 1 / 2, 3 / 4, 1, 2, 4, 8]
    .map((f) => f * tokenBudget)
    .filter((T) => Number.isInteger(T) && T <= config.maxPositions);
  const maxTokens = Math.max(tokenBudget, ...prompts);
  const shape = { numBlocks, blockSize, maxTokens, maxLogitRows: slots };

  const ctx = await acquire();
  const adapter = ctx.adapter;
  log(`adapter: ${adapter.vendor} ${adapter.architecture} ${adapter.description}`);
  const weightBytes = storedSpecs(config, F32).reduce((sum, spec) => sum + storedBytes(spec, F32), 0);
  const runner = new ModelRunner(
    await GpuBackend.create(ctx, config, { kind: 'synthetic', seed: 1, scheme: F32 }, shape),
    new PagedKvCache(shape),
    config,
  );
  const parameters = parameterCount(config);
  log(
    `model: ${(parameters / 1e9).toFixed(2)} B parameters, ${(weightBytes / 1e9).toFixed(2)} GB of f32 weights; ${numBlocks} KV blocks of ${blockSize}`,
  );

  const decode: ServingBenchReport['stepTimes']['decode'] = [];
  for (const batch of batches) {
    const seconds = await decodeStep(runner, batch, context, tokenBudget, setup.decodeSteps);
    decode.push({ batch, seconds });
    log(
      `decode batch ${batch} at context ${context}: ${(seconds * 1e3).toFixed(3)} ms/step, ${(batch / seconds).toFixed(0)} tokens/s`,
    );
  }
  const prefill: ServingBenchReport['stepTimes']['prefill'] = [];
  for (const tokens of prompts) {
    const seconds = await prefillStep(runner, tokens, setup.prefillRuns);
    prefill.push({ tokens, seconds });
    log(
      `prefill ${tokens} tokens: ${(seconds * 1e3).toFixed(3)} ms, ${(tokens / seconds).toFixed(0)} tokens/s`,
    );
  }

  // Capacity: the whole stream waiting at time 0, each step priced from the times above.
  const priced = new PricedExecutor([
    ...decode.map((d) => ({ rows: d.batch, seconds: d.seconds })),
    ...prefill.filter((p) => p.tokens > slots).map((p) => ({ rows: p.tokens, seconds: p.seconds })),
  ]);
  const waiting = base.map((r) => ({ ...r, arrival: 0 }));
  const capacityOf = async (policy: Policy) => {
    const { makespan } = serveMetrics(await serve(waiting, priced, { ...options, policy }), slots);
    return waiting.length / makespan;
  };
  const capacity = { static: await capacityOf('static'), continuous: await capacityOf('continuous') };
  log(
    `estimated capacity: static ${capacity.static.toFixed(2)} requests/s, continuous ${capacity.continuous.toFixed(2)} requests/s`,
  );
  const [low, high] = [
    Math.min(capacity.static, capacity.continuous),
    Math.max(capacity.static, capacity.continuous),
  ];
  const rates = [
    { load: 'light', rate: 0.25 * low, basis: '0.25 × the lower estimated capacity' },
    { load: 'between', rate: Math.sqrt(low * high), basis: 'geometric mean of the two estimated capacities' },
    { load: 'past', rate: 1.25 * high, basis: '1.25 × the higher estimated capacity' },
  ].map((r) => ({ ...r, offeredTokensPerSecond: r.rate * meanOutputTokens }));

  const executor = new EngineExecutor(runner);
  const serveUnder = async (policy: Policy, requests: ServeRequest[]) => {
    try {
      return await serve(requests, executor, { ...options, policy });
    } finally {
      for (const r of requests) executor.release(r.id);
    }
  };
  await serveUnder('continuous', warmUpStream(base, slots));

  const runs: ServingRun[] = [];
  for (const { load, rate } of rates) {
    const stream = streamAt(rate);
    for (const policy of POLICIES) {
      const start = performance.now();
      const result = await serveUnder(policy, stream);
      const real = (performance.now() - start) / 1000;
      const busySeconds = result.steps.reduce((s, step) => s + step.seconds, 0);
      const run: ServingRun = {
        load,
        rate,
        policy,
        metrics: serveMetrics(result, slots),
        steps: result.steps.length,
        preemptions: result.preempted.length,
        generated: result.requests.reduce((s, r) => s + r.tokens.length, 0),
        busySeconds,
        hostSeconds: real - busySeconds,
      };
      const m = run.metrics;
      log(
        `${load} (${rate.toFixed(2)} requests/s), ${policy}: ${m.throughput.toFixed(0)} tokens/s, latency p50 ${m.latency.p50.toFixed(3)} s p99 ${m.latency.p99.toFixed(3)} s, TTFT p50 ${ms(m.ttft.p50)} ms p99 ${ms(m.ttft.p99)} ms, TPOT p50 ${ms(m.tpot.p50)} ms, utilisation ${(100 * m.utilisation).toFixed(0)} %, makespan ${m.makespan.toFixed(2)} s, ${run.steps} steps, ${run.preemptions} preemptions; host ${run.hostSeconds.toFixed(2)} s`,
      );
      runs.push(run);
    }
  }
  runner.backend.destroy();
  return {
    adapter,
    method: `Every step one batched forward awaited with its logits read back (EngineExecutor, greedy), wall clock; the scheduler's clock moves by the measured step times and jumps idle gaps; one untimed warm-up serve (the first ${slots} requests at once, two tokens each) after the step-time sweep; the same seeded requests at every rate (arrival times scaled), each rate served static then continuous`,
    model: { config, parameters, weights: 'f32', weightBytes },
    stream: {
      ...setup.stream,
      source: 'fillerTokens(4096): synthetic ids (the model is synthetic, its text noise)',
      meanPromptTokens,
      meanOutputTokens,
    },
    scheduler: options,
    stepTimes: { context, steps: setup.decodeSteps, decode, prefill },
    capacity: {
      method:
        'the whole stream waiting at time 0, served by the scheduler with each step priced by its token rows, linear between the measured decode batches (up to the slots) and prefill lengths (beyond); requests ÷ makespan',
      ...capacity,
    },
    rates,
    runs,
  };
}
