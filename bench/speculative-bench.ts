/**
 * Speculative decoding against plain decoding on one GPU, lesson 6's benchmark. Two pairs:
 * - the shipped prose-target and prose-draft (f32 weights, as the site loads them), through the same job the page
 *   runs (jobs/speculative-payoff.ts): each model alone, then speculative decoding at each K, acceptance measured;
 *   three runs, and for each figure the run with the median rate;
 * - a synthetic pair shaped like a 7B target and a ~0.5B draft (f16 weights). Random weights accept nothing worth
 *   measuring, so the mechanics are timed at a simulated acceptance: each drafted token is accepted with
 *   probability α independently (seeded), and the step runs what a real one runs: K draft forwards, one target
 *   forward over K + 1 positions with every row's logits read back, and both caches cut back to the accepted text.
 * Every step is awaited with its logits read back, as ModelRunner.forward works; wall clock around whole steps.
 */
import { readFileSync } from 'node:fs';
import {
  encodeWeights,
  fillerTokens,
  GpuBackend,
  ModelRunner,
  PagedKvCache,
  Random,
  readCpuModel,
  speculativePayoff,
  type GpuContext,
  type PayoffResult,
  type Session,
} from '../engine/bench-entry';
import { parameterCount, syntheticConfig, type LlamaConfig, type WeightScheme } from '../engine/index';

export interface SimulatedPoint {
  draftTokens: number;
  /** The acceptance rate simulated, and the tokens per verification it gave over the timed steps. */
  alpha: number;
  tokensPerStep: number;
  draftForwardSeconds: number;
  verifySeconds: number;
  tokensPerSecond: number;
  /** tokensPerSecond ÷ the target's plain decoding. */
  speedup: number;
}

export interface SpeculativeBenchReport {
  adapter: GpuContext['adapter'];
  shipped: PayoffResult & {
    temperature: number;
    tokens: number;
    targetParameters: number;
    draftParameters: number;
  };
  synthetic: {
    method: string;
    target: { parameters: number; weights: string };
    draft: { parameters: number; weights: string };
    context: number;
    steps: number;
    targetStepSeconds: number;
    draftStepSeconds: number;
    points: SimulatedPoint[];
  };
}

const F32: WeightScheme = { kind: 'f32' };
const F16: WeightScheme = { kind: 'f16' };
const BLOCK = 16;
const RUNS = 3;

function shippedModel(id: string) {
  const read = (file: string) => readFileSync(`public/models/${id}/${file}`);
  const bytes = read('model.safetensors');
  return readCpuModel({
    configJson: JSON.parse(read('config.json').toString('utf8')),
    safetensors: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    tokenizerJson: JSON.parse(read('tokenizer.json').toString('utf8')),
  });
}

/** The shipped pair on two devices, as a page's speculative session holds them. */
async function shippedPair(acquire: () => Promise<GpuContext>, tiny: boolean, log: (line: string) => void) {
  const [target, draft] = [shippedModel('prose-target'), shippedModel('prose-draft')];
  const shape = { numBlocks: 20, blockSize: BLOCK, maxTokens: 256, maxLogitRows: 256 };
  const runnerOf = async (model: typeof target) => {
    const weights = {
      kind: 'loaded' as const,
      weights: encodeWeights(model.config, model.weights, F32),
      scheme: F32,
    };
    const backend = await GpuBackend.create(await acquire(), model.config, weights, shape);
    return new ModelRunner(backend, new PagedKvCache(shape), model.config);
  };
  const [runner, draftRunner] = [await runnerOf(target), await runnerOf(draft)];
  const session = { runner, draftRunner, tokenizer: target.tokenizer } as unknown as Session;
  const request = {
    prompt:
      'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a',
    draftTokens: tiny ? [1, 2] : [1, 2, 3, 4, 5, 6, 7, 8],
    tokens: tiny ? 6 : 96,
    temperature: 1,
    seed: 1,
  };
  // Three runs; per K the run with the median tokens/s, so one host stall does not decide a point.
  const runs: PayoffResult[] = [];
  for (let i = 0; i < RUNS; i++)
    runs.push(await speculativePayoff(session, request, () => {}, new AbortController().signal));
  const median = <T>(rows: T[], key: (row: T) => number) => [...rows].sort((a, b) => key(a) - key(b))[1]!;
  const result: PayoffResult = {
    tokensRead: runs[0]!.tokensRead,
    target: median(
      runs.map((r) => r.target!),
      (t) => t.tokensPerSecond,
    ),
    draft: median(
      runs.map((r) => r.draft!),
      (t) => t.tokensPerSecond,
    ),
    points: runs[0]!.points.map((_, i) =>
      median(
        runs.map((r) => r.points[i]!),
        (p) => p.tokensPerSecond,
      ),
    ),
  };
  for (const r of [runner, draftRunner]) r.backend.destroy();
  const plain = result.target!.tokensPerSecond;
  log(
    `shipped pair: target alone ${plain.toFixed(0)} tokens/s, draft alone ${result.draft!.tokensPerSecond.toFixed(0)} tokens/s`,
  );
  for (const p of result.points)
    log(
      `shipped K = ${p.draftTokens}: α ${p.alpha.toFixed(3)}, ${p.tokensPerStep.toFixed(2)} tokens/verification, verify ${(p.verifySeconds * 1e3).toFixed(3)} ms, draft ${(p.draftForwardSeconds * 1e3).toFixed(3)} ms/forward, ${p.tokensPerSecond.toFixed(0)} tokens/s = ${(p.tokensPerSecond / plain).toFixed(2)}× plain`,
    );
  return {
    ...result,
    temperature: request.temperature,
    tokens: request.tokens,
    targetParameters: parameterCount(target.config),
    draftParameters: parameterCount(draft.config),
  };
}

/** Accepted drafted tokens of one step, each accepted with probability α until the first rejection. */
function acceptedRun(rng: Random, K: number, alpha: number): number {
  let accepted = 0;
  while (accepted < K && rng.next() < alpha) accepted++;
  return accepted;
}

/** Mean seconds of an awaited single-token decode step of `runner` on a fresh sequence after `context` tokens. */
async function plainStep(runner: ModelRunner, context: number, steps: number): Promise<number> {
  const seq = runner.create();
  await runner.forward([{ seq, tokens: fillerTokens(context), logits: 'last' }]);
  const step = () => runner.forward([{ seq, tokens: [1], logits: 'last' }]);
  await step();
  const start = performance.now();
  for (let i = 0; i < steps; i++) await step();
  runner.free(seq);
  return (performance.now() - start) / 1000 / steps;
}

/** The mechanics of `steps` speculative steps at simulated acceptance α, after one untimed step. */
async function simulatedRun(
  target: ModelRunner,
  draft: ModelRunner,
  K: number,
  alpha: number,
  context: number,
  steps: number,
) {
  const rng = new Random(K);
  const [ts, ds] = [target.create(), draft.create()];
  await target.forward([{ seq: ts, tokens: fillerTokens(context), logits: 'last' }]);
  await draft.forward([{ seq: ds, tokens: fillerTokens(context), logits: 'last' }]);
  let [tokens, draftSeconds, verifySeconds, wall] = [0, 0, 0, 0];
  for (let i = 0; i <= steps; i++) {
    const start = performance.now();
    const [targetBefore, draftBefore] = [target.cache.length(ts), draft.cache.length(ds)];
    for (let k = 0; k < K; k++) await draft.forward([{ seq: ds, tokens: [1], logits: 'last' }]);
    const drafted = performance.now();
    await target.forward([{ seq: ts, tokens: fillerTokens(K + 1), logits: 'all' }]);
    const verified = performance.now();
    const accepted = acceptedRun(rng, K, alpha);
    target.truncate(ts, targetBefore + 1 + accepted);
    draft.truncate(ds, Math.min(draftBefore + K, draftBefore + 1 + accepted));
    if (i === 0) continue;
    tokens += accepted + 1;
    draftSeconds += (drafted - start) / 1000;
    verifySeconds += (verified - drafted) / 1000;
    wall += (performance.now() - start) / 1000;
  }
  target.free(ts);
  draft.free(ds);
  return {
    tokensPerStep: tokens / steps,
    draftForwardSeconds: draftSeconds / (steps * K),
    verifySeconds: verifySeconds / steps,
    tokensPerSecond: tokens / wall,
  };
}

/** A 7B-shaped target (Llama 2 7B's widths) and a ~0.5B draft, synthetic, f16, each on its own device. */
async function syntheticPair(acquire: () => Promise<GpuContext>, tiny: boolean, log: (line: string) => void) {
  const Ks = tiny ? [1, 2] : [1, 2, 4, 6, 8];
  const alphas = tiny ? [0.8] : [0.6, 0.8, 0.9];
  const [context, steps] = tiny ? [8, 3] : [128, 20];
  const maxPositions = context + (steps + 2) * (Math.max(...Ks) + 1) + 8;
  const target = tiny
    ? syntheticConfig({ width: 128, layers: 2, maxPositions })
    : syntheticConfig({ width: 4096, layers: 32, heads: 32, mlpWidth: 11008, maxPositions });
  const draft = tiny
    ? syntheticConfig({ width: 64, layers: 1, maxPositions })
    : syntheticConfig({ width: 1024, layers: 24, heads: 16, mlpWidth: 5504, maxPositions });
  const shape = {
    numBlocks: Math.ceil(maxPositions / BLOCK) + 2,
    blockSize: BLOCK,
    maxTokens: context,
    maxLogitRows: Math.max(...Ks) + 1,
  };
  const runnerOf = async (config: LlamaConfig) =>
    new ModelRunner(
      await GpuBackend.create(await acquire(), config, { kind: 'synthetic', seed: 1, scheme: F16 }, shape),
      new PagedKvCache(shape),
      config,
    );
  const [t, d] = [await runnerOf(target), await runnerOf(draft)];
  const targetStepSeconds = await plainStep(t, context, steps);
  const draftStepSeconds = await plainStep(d, context, steps);
  log(
    `synthetic pair: target ${(targetStepSeconds * 1e3).toFixed(3)} ms/step (${(1 / targetStepSeconds).toFixed(0)} tokens/s), draft ${(draftStepSeconds * 1e3).toFixed(3)} ms/step`,
  );
  const points: SimulatedPoint[] = [];
  for (const alpha of alphas)
    for (const K of Ks) {
      const run = await simulatedRun(t, d, K, alpha, context, steps);
      const point = { draftTokens: K, alpha, ...run, speedup: run.tokensPerSecond * targetStepSeconds };
      log(
        `synthetic α ${alpha} K = ${K}: ${point.tokensPerStep.toFixed(2)} tokens/verification, verify ${(point.verifySeconds * 1e3).toFixed(3)} ms, draft ${(point.draftForwardSeconds * 1e3).toFixed(3)} ms/forward, ${point.tokensPerSecond.toFixed(0)} tokens/s = ${point.speedup.toFixed(2)}× plain`,
      );
      points.push(point);
    }
  for (const r of [t, d]) r.backend.destroy();
  return {
    method: `acceptance simulated: each drafted token accepted with probability α independently (seeded), the step's forwards, logits read-back and cache rollback run for real; ${steps} timed steps after one untimed, context ${context}`,
    target: { parameters: parameterCount(target), weights: 'f16' },
    draft: { parameters: parameterCount(draft), weights: 'f16' },
    context,
    steps,
    targetStepSeconds,
    draftStepSeconds,
    points,
  };
}

export async function speculativeBench(
  acquire: () => Promise<GpuContext>,
  { tiny, log = () => {} }: { tiny: boolean; log?: (line: string) => void },
): Promise<SpeculativeBenchReport> {
  const probe = await acquire();
  const adapter = probe.adapter;
  probe.device.destroy();
  log(`adapter: ${adapter.vendor} ${adapter.architecture} ${adapter.description}`);
  const synthetic = await syntheticPair(acquire, tiny, log);
  const shipped = await shippedPair(acquire, tiny, log);
  return { adapter, shipped, synthetic };
}
