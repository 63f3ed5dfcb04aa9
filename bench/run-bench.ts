/**
 * The engine's speed benchmark, for any WebGPU implementation (Dawn in Node on a GPU machine, or a browser):
 * copy bandwidth, decode step time and achieved bandwidth for synthetic models of growing size at several batch
 * sizes (each step awaited with its logits read back, and the same steps again pipelined: queued back to back with
 * greedy token ids chosen and kept on the GPU), each linear-layer kernel at each row count it takes, prefill matmul
 * FLOP/s, decode step time against context for KV-heavy models, and dispatches and fixed overhead per decode
 * step; and for lesson 4, weights stored in fewer bits: the packed int8 and int4 matrix–vector kernels alone, and
 * batch-1 decode of a Llama-2-7B-shaped model in f16 and in int4 g128. Wall-clock timing around whole submissions,
 * with warm-up; every figure says what it divides by what.
 */
import {
  copyShader,
  dispatchLinear,
  GpuBackend,
  Kernel,
  LinearKernels,
  ModelRunner,
  PagedKvCache,
  Params,
  StepEncoder,
  storageBuffer,
  storedBytes,
  storedSpecs,
  type ForwardStep,
  type GpuContext,
  type LinearKernel,
} from '../engine/bench-entry';
import {
  measuredOps,
  schemeName,
  stepOpCounts,
  sumCosts,
  syntheticConfig,
  type IntScheme,
  type LlamaConfig,
  type WeightScheme,
} from '../engine/index';
import { checkKernels, type KernelCheck } from './kernel-check';
import { contextRun, type ContextResult } from './context-bench';
import { dispatchFloors, type DispatchFloor } from './dispatch-floor';
import { packedLinear, type PackedLinearResult } from './packed-bench';
import { dispatchesPerStep, encodeSeconds, recordSteps } from './step-costs';
import { keepBusy, time } from './timing';

export interface BenchOptions {
  /** Small shapes that finish in seconds on a software GPU: to check the benchmark runs, not to measure. */
  tiny: boolean;
  log?: (line: string) => void;
}

export interface DecodeResult {
  /** Bytes of all the weights, the linear layers in `weights`. */
  weightBytes: number;
  /** The linear layers' weight scheme: f32, f16, int4 g128. */
  weights: string;
  width: number;
  layers: number;
  batch: number;
  context: number;
  /**
   * Batch 1 only: the prompt of `context` tokens prefilled into a new sequence, awaited with its last logits read
   * back, after one untimed prefill: the median of three (the prefill ONNX Runtime Web's is compared with).
   */
  prefill?: { tokens: number; seconds: number; tokensPerSecond: number };
  stepSeconds: number;
  /** Bytes the step must read and write (weights, KV, activations) ÷ step time. */
  achievedBandwidth: number;
  /** achievedBandwidth ÷ the copy bandwidth measured in the same run. */
  fractionOfCopy: number;
  tokensPerSecond: number;
  dispatches: number;
  /** Host time to encode one step (nothing submitted). */
  encodeSeconds: number;
  /** Batch 1 only: each dispatch of one decode step, timed on its own (GPU timestamps where offered). */
  ops?: OpProfile[];
  /** The same steps again, queued back to back with the token ids chosen and kept on the GPU. */
  pipelined: PipelinedResult;
}

/** Decode steps queued without waiting for each other (GpuBackend.decodeGreedy), timed as a whole. */
export interface PipelinedResult {
  /** What was timed, in words. */
  method: string;
  steps: number;
  /** Wall-clock time from the first submission to the last step's chosen ids on the host, ÷ steps. */
  stepSeconds: number;
  achievedBandwidth: number;
  fractionOfCopy: number;
  tokensPerSecond: number;
}

/** One linear layer timed on its own with one kernel forced: the data for choosing kernels by row count. */
export interface LinearResult {
  kernel: LinearKernel;
  rows: number;
  I: number;
  O: number;
  seconds: number;
  /** Weights, input and output bytes ÷ time. */
  achievedBandwidth: number;
  fractionOfCopy: number;
}

export interface OpProfile {
  name: string;
  kind: string;
  seconds: number;
  clock: string;
  bytes: number;
  flops: number;
}

export interface BenchReport {
  adapter: GpuContext['adapter'];
  /** The device's optional features, 'subgroups' among them where the kernels sum within subgroups. */
  features: string[];
  /** The matrix–vector kernels against their CPU twins on this device, before anything was timed. */
  checks: KernelCheck[];
  copyBandwidth: number;
  decode: DecodeResult[];
  prefill: { tokens: number; I: number; O: number; seconds: number; flopsPerSecond: number }[];
  linear: LinearResult[];
  /** Decode step time against context for the KV-heavy models of lesson 2. */
  context: ContextResult[];
  overhead: {
    dispatchesPerStep: number;
    stepSeconds: number;
    secondsPerDispatch: number;
    submitRoundTrip: number;
  };
  /** Weights stored in fewer bits (lesson 4). */
  quantized: {
    /** The packed matrix–vector kernels alone at batch 1, on the MLP's two shapes and the others packedKernels lists. */
    linear: PackedLinearResult[];
    /** The packed kernels over rows of 128 features at 132 to 2,112 workgroups (packedResidency). */
    residency: PackedLinearResult[];
    /** What a dispatch of a kernel that does almost nothing costs, by workgroup count (absent without timestamps). */
    dispatchFloor: DispatchFloor[] | undefined;
    /** Batch-1 decode of the Llama-2-7B-shaped synthetic model in f16, then in int4 g128. */
    decode: DecodeResult[];
    /** int4 g128's batch-1 step ÷ f16's: awaited (logits read back), and pipelined. */
    int4OverF16: { awaited: number; pipelined: number };
  };
}

/** A synthetic model to decode: its shape, and the scheme its linear layers are stored in. */
interface DecodeModel {
  config: LlamaConfig;
  scheme: WeightScheme;
}

const F32: WeightScheme = { kind: 'f32' };
const F16: { kind: 'f16' } = { kind: 'f16' };
const INT8: IntScheme = { kind: 'int', bits: 8, group: 'row', zeroPoint: false };
const INT4_G128: IntScheme = { kind: 'int', bits: 4, group: 128, zeroPoint: false };

/** How many times the benchmark repeats what it times: a tiny run checks that the code works, not the speed. */
interface Effort {
  /** Timed repetitions of each linear kernel at each row count. */
  linearReps: number;
  /** Timed pipelined runs of a decode run's steps, whose median is reported. */
  pipelinedRuns: number;
}
const FULL_EFFORT: Effort = { linearReps: 100, pipelinedRuns: 3 };
const TINY_EFFORT: Effort = { linearReps: 3, pipelinedRuns: 1 };

/** Positions a decode run needs: the context, the untimed and timed steps, and room. */
const positions = (context: number, steps: number) => context + steps + 8;

/** The f32 synthetic model of the decode tables: width and depth, Llama proportions. */
function f32Model(width: number, layers: number, context: number, steps: number): DecodeModel {
  return { config: syntheticConfig({ width, layers, maxPositions: positions(context, steps) }), scheme: F32 };
}

/**
 * Llama 2 7B's shape (D 4096, 32 layers, F 11008, 32 heads of 128) with the synthetic byte vocabulary, or a tiny
 * model whose widths groups of 128 still divide; linear layers in `scheme`.
 */
function llama7bModel(tiny: boolean, scheme: WeightScheme, context: number, steps: number): DecodeModel {
  const maxPositions = positions(context, steps);
  const config = tiny
    ? syntheticConfig({ width: 128, layers: 1, mlpWidth: 128, maxPositions })
    : syntheticConfig({ width: 4096, layers: 32, heads: 32, mlpWidth: 11008, maxPositions });
  return { config, scheme };
}

/** Milliseconds of work before timing a kernel alone (keepBusy); none on tiny runs, which check that the code runs. */
const warmUp = (tiny: boolean) => (tiny ? 0 : 500);

/** Read + write bytes per second of a vec4 copy of `bytes`, after `warmUpMs` of the same copies (keepBusy). */
async function copyBandwidth(device: GPUDevice, bytes: number, warmUpMs: number): Promise<number> {
  const kernel = new Kernel(device, 'bench copy', copyShader);
  const src = storageBuffer(device, 'copy src', bytes);
  const dst = storageBuffer(device, 'copy dst', bytes);
  const params = new Params(device, 'copy', ['u32']);
  const n = bytes / 16;
  params.set([n]);
  const group = kernel.bind('copy', [dst, src, params.buffer]);
  await keepBusy(device, warmUpMs, (pass) => dispatchLinear(kernel, pass, group, n, 256));
  const seconds = await time(device, (pass) => dispatchLinear(kernel, pass, group, n, 256), 20);
  src.destroy();
  dst.destroy();
  return (2 * bytes) / seconds;
}

async function prefillMatmul(device: GPUDevice, T: number, I: number, O: number) {
  const inp = storageBuffer(device, 'prefill input', T * I * 4);
  const weight = storageBuffer(device, 'prefill weight', I * O * 4);
  const out = storageBuffer(device, 'prefill output', T * O * 4);
  const encode = new LinearKernels(device).bind('bench', out, inp, weight, I, O);
  const seconds = await time(device, (pass) => encode(pass, T), 5);
  for (const b of [inp, weight, out]) b.destroy();
  return { tokens: T, I, O, seconds, flopsPerSecond: (2 * T * I * O) / seconds };
}

async function decodeRun(
  ctx: GpuContext,
  { config, scheme }: DecodeModel,
  batches: number[],
  context: number,
  steps: number,
  copy: number,
  effort: Effort,
  /** Time batch 1's dispatches one by one too. */
  profile = true,
): Promise<DecodeResult[]> {
  const blockSize = 16;
  const maxBatch = Math.max(...batches);
  const shape = {
    // One block more than the sequences need: profiling forks a scratch copy of the last block.
    numBlocks: maxBatch * Math.ceil((context + steps + 8) / blockSize) + 1,
    blockSize,
    maxTokens: Math.max(maxBatch, context),
    maxLogitRows: maxBatch,
  };
  const encoder = await StepEncoder.create(ctx, config, { kind: 'synthetic', seed: 1, scheme }, shape);
  const backend = new GpuBackend(encoder);
  const results: DecodeResult[] = [];
  for (const B of batches) {
    const session = new ModelRunner(backend, new PagedKvCache(shape), config);
    const prompt = Array.from({ length: context }, (_, i) => i % 256);
    const prefill = B === 1 ? await timedPrefill(session, prompt) : undefined;
    const seqs = Array.from({ length: B }, () => session.create());
    for (const seq of seqs) await session.forward([{ seq, tokens: prompt, logits: 'last' }]);
    const step = () => session.forward(seqs.map((seq) => ({ seq, tokens: [1], logits: 'last' as const })));
    // Keep the steps the backend sees: to time the encoding of one alone, and to queue them again pipelined.
    const seen = recordSteps(backend);
    await step();
    const start = performance.now();
    for (let i = 0; i < steps; i++) await step();
    const stepSeconds = (performance.now() - start) / 1000 / steps;
    const pipelinedSeconds = await pipelined(backend, seen.slice(1), effort.pipelinedRuns);
    const midContext = context + 1 + Math.floor(steps / 2);
    const counts = sumCosts(
      stepOpCounts(
        config,
        seqs.map(() => ({ cached: midContext, newTokens: 1 })),
        B,
        scheme,
      ),
    );
    const ops =
      profile && B === 1
        ? measuredOps(
            stepOpCounts(config, [{ cached: context + steps + 1, newTokens: 1 }], 1, scheme),
            await session.timeDecodeOps(seqs[0]!, 1),
          ).map(({ name, kind, seconds, clock, bytes, flops }) => ({
            name,
            kind,
            seconds,
            clock,
            bytes,
            flops,
          }))
        : undefined;
    results.push({
      ...(ops && { ops }),
      ...(prefill && { prefill }),
      weightBytes: storedSpecs(config, scheme).reduce((sum, spec) => sum + storedBytes(spec, scheme), 0),
      weights: schemeName(scheme),
      width: config.hiddenSize,
      layers: config.numLayers,
      batch: B,
      context: midContext,
      stepSeconds,
      achievedBandwidth: counts.bytes / stepSeconds,
      fractionOfCopy: counts.bytes / stepSeconds / copy,
      tokensPerSecond: B / stepSeconds,
      dispatches: dispatchesPerStep(encoder),
      encodeSeconds: encodeSeconds(encoder, seen.at(-1)!),
      pipelined: {
        method: `the ${steps} timed steps again (their positions, cache slots and page tables), queued back to back; each step's token ids are the argmax of the step before, chosen on the GPU and kept there; no logits read back; ${effort.pipelinedRuns === 1 ? 'one such run' : `the median of ${effort.pipelinedRuns} such runs`}`,
        steps,
        stepSeconds: pipelinedSeconds,
        achievedBandwidth: counts.bytes / pipelinedSeconds,
        fractionOfCopy: counts.bytes / pipelinedSeconds / copy,
        tokensPerSecond: B / pipelinedSeconds,
      },
    });
  }
  backend.destroy();
  return results;
}

/** The prompt prefilled into a new sequence, freed after: one untimed run, then the median of three timed. */
async function timedPrefill(session: ModelRunner, prompt: readonly number[]) {
  const runs: number[] = [];
  for (let i = 0; i < 4; i++) {
    const seq = session.create();
    const start = performance.now();
    await session.forward([{ seq, tokens: prompt, logits: 'last' }]);
    runs.push((performance.now() - start) / 1000);
    session.free(seq);
  }
  const seconds = runs.slice(1).sort((x, y) => x - y)[1]!;
  return { tokens: prompt.length, seconds, tokensPerSecond: prompt.length / seconds };
}

/**
 * Seconds per step of `steps` decoded greedily on the device without waiting between steps: after a warm-up, the
 * median of `count` timed runs, so that one host stall does not count against every step of a run.
 */
async function pipelined(backend: GpuBackend, steps: readonly ForwardStep[], count: number): Promise<number> {
  await backend.decodeGreedy(steps.slice(0, 2));
  const runs: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await backend.decodeGreedy(steps);
    runs.push((performance.now() - start) / 1000 / steps.length);
  }
  return runs.sort((x, y) => x - y)[Math.floor(count / 2)]!;
}

/** Each linear-layer kernel on an I × O weight, for each row count it takes. */
async function linearKernels(
  device: GPUDevice,
  I: number,
  O: number,
  rows: number[],
  copy: number,
  reps: number,
) {
  const maxRows = Math.max(...rows);
  const inp = storageBuffer(device, 'linear input', maxRows * I * 4);
  const weight = storageBuffer(device, 'linear weight', I * O * 4);
  const out = storageBuffer(device, 'linear output', maxRows * O * 4);
  const linear = new LinearKernels(device);
  const results: LinearResult[] = [];
  for (const kernel of ['matvec', 'skinny', 'tiled', 'blocked'] as const) {
    const encode = linear.bind(`bench ${kernel}`, out, inp, weight, I, O, { kernel });
    for (const T of rows.filter((T) => kernel !== 'matvec' || T <= 16)) {
      const seconds = await time(device, (pass) => encode(pass, T), reps);
      const bytes = (I * O + T * (I + O)) * 4;
      results.push({
        kernel,
        rows: T,
        I,
        O,
        seconds,
        achievedBandwidth: bytes / seconds,
        fractionOfCopy: bytes / seconds / copy,
      });
    }
  }
  for (const b of [inp, weight, out]) b.destroy();
  return results;
}

/**
 * The packed kernels alone, f16, int8 and int4: the MLP's two shapes at Llama 2 7B's widths (gate/up, then down);
 * the same grids over rows of 128 features, which read almost nothing, so what a dispatch of that shape costs
 * whatever it reads (its launch, its workgroups' loads and sums), with the weights cold as a decode step has them
 * (copies adding up to 256 MB, read in turn) and with two copies that stay in the last-level cache; and each 7B shape
 * with six times its output features, where that fixed cost is a sixth as large a share, to tell it apart from the
 * kernels' reading. Each row: I, O, and the bytes the copies of its weights must add up to.
 */
async function packedKernels(
  device: GPUDevice,
  copy: number,
  tiny: boolean,
  log: (line: string) => void,
): Promise<PackedLinearResult[]> {
  const packed: PackedLinearResult[] = [];
  const cold = tiny ? 1 << 20 : undefined;
  const shapes: [number, number, number | undefined][] = tiny
    ? [
        [128, 384, cold],
        [384, 128, cold],
      ]
    : [
        [4096, 11008, cold],
        [11008, 4096, cold],
        [128, 11008, cold],
        [128, 11008, 0],
        [128, 4096, cold],
        [128, 4096, 0],
        [4096, 6 * 11008, cold],
        [11008, 6 * 4096, cold],
      ];
  for (const [I, O, uncachedBytes] of shapes) {
    for (const scheme of [F16, INT8, INT4_G128] as const) {
      const r = await packedLinear(device, scheme, I, O, copy, tiny ? 4 : 100, uncachedBytes, warmUp(tiny));
      log(
        `packed ${r.weights} 1×${r.I}→${r.O}, ${r.copies} copies: ${(r.seconds * 1e6).toFixed(1)} µs, ${(r.bytesRead / 1e6).toFixed(1)} MB read, ${(r.achievedBandwidth / 1e9).toFixed(0)} GB/s = ${(100 * r.fractionOfCopy).toFixed(0)}% of copy${r.gpu ? `; GPU ${(r.gpu.seconds * 1e6).toFixed(1)} µs = ${(100 * r.gpu.fractionOfCopy).toFixed(0)}% of copy` : ''}`,
      );
      packed.push(r);
    }
  }
  return packed;
}

/**
 * The packed kernels over rows of 128 features (cold, as packedKernels reads them) at growing workgroup counts,
 * from one per multiprocessor of an H100 or H200 (132) upwards: how the time of a dispatch grows with its workgroups
 * when it has almost nothing to read. Where it stays flat at first and then turns, the turn says how many workgroups a
 * multiprocessor holds, which no WebGPU API reports (on an H200 only int4 showed one; docs/performance.md).
 */
async function packedResidency(
  device: GPUDevice,
  copy: number,
  tiny: boolean,
  log: (line: string) => void,
): Promise<PackedLinearResult[]> {
  const results: PackedLinearResult[] = [];
  for (const scheme of [F16, INT8, INT4_G128] as const) {
    for (const workgroups of tiny ? [4, 8] : [132, 264, 396, 528, 660, 792, 1056, 1584, 2112]) {
      const O = 8 * workgroups;
      const r = await packedLinear(
        device,
        scheme,
        128,
        O,
        copy,
        tiny ? 4 : 100,
        tiny ? 1 << 20 : undefined,
        warmUp(tiny),
      );
      log(
        `residency ${r.weights}, ${workgroups} workgroups: GPU ${r.gpu ? (r.gpu.seconds * 1e6).toFixed(1) : '–'} µs`,
      );
      results.push(r);
    }
  }
  return results;
}

/** The dispatch floor (dispatch-floor.ts) at the packed kernels' workgroup counts: 512 and 1376 are O = 4096 and 11008. */
async function dispatchFloorRows(
  device: GPUDevice,
  tiny: boolean,
  log: (line: string) => void,
): Promise<DispatchFloor[] | undefined> {
  const floors = await dispatchFloors(
    device,
    tiny ? [4, 16] : [132, 512, 1376, 2752, 5504],
    100,
    warmUp(tiny),
  );
  for (const f of floors ?? [])
    log(
      `empty dispatch, ${f.workgroups} workgroups of 64: ${(f.ordered * 1e6).toFixed(1)} µs ordered, ${(f.unordered * 1e6).toFixed(1)} µs unordered`,
    );
  return floors;
}

/** Lesson 4: the Llama-2-7B-shaped model at batch 1 in f16, then with its linear layers in int4 g128. */
async function quantizedDecodes(
  acquire: () => Promise<GpuContext>,
  copy: number,
  tiny: boolean,
  effort: Effort,
  log: (line: string) => void,
): Promise<Omit<BenchReport['quantized'], 'linear' | 'residency' | 'dispatchFloor'>> {
  const [decodeContext, decodeSteps] = tiny ? [8, 3] : [128, 20];
  const decode: DecodeResult[] = [];
  for (const scheme of [F16, INT4_G128]) {
    const model = llama7bModel(tiny, scheme, decodeContext, decodeSteps);
    // Batch 1 timed op by op too, except on tiny runs (a software GPU takes minutes over it).
    const [r] = await decodeRun(await acquire(), model, [1], decodeContext, decodeSteps, copy, effort, !tiny);
    logDecode(r!, log);
    decode.push(r!);
  }
  const [f16Step, int4Step] = decode;
  const int4OverF16 = {
    awaited: int4Step!.stepSeconds / f16Step!.stepSeconds,
    pipelined: int4Step!.pipelined.stepSeconds / f16Step!.pipelined.stepSeconds,
  };
  log(
    `int4 g128 step ÷ f16 step, batch 1: ${int4OverF16.awaited.toFixed(3)} awaited, ${int4OverF16.pipelined.toFixed(3)} pipelined (bytes per step: ${((int4Step!.achievedBandwidth * int4Step!.stepSeconds) / (f16Step!.achievedBandwidth * f16Step!.stepSeconds)).toFixed(3)})`,
  );
  return { decode, int4OverF16 };
}

/** Logs the device and checks its matrix–vector kernels against their CPU twins (bench/kernel-check.ts). */
async function deviceChecked(
  ctx: GpuContext,
  tiny: boolean,
  log: (line: string) => void,
): Promise<KernelCheck[]> {
  log(
    `adapter: ${ctx.adapter.vendor} ${ctx.adapter.architecture} ${ctx.adapter.description}; ${ctx.features.join(', ')}`,
  );
  return checkKernels(ctx.device, tiny, log);
}

/**
 * Lesson 4's part alone (node.ts --quantized): copy bandwidth, the packed kernels, and with `decode` the
 * Llama-2-7B-shaped decode in f16 and int4 g128; for comparing kernel versions on one machine start.
 */
export async function quantizedBench(
  acquire: () => Promise<GpuContext>,
  { tiny, log = () => {} }: BenchOptions,
  decode: boolean,
): Promise<
  Pick<BenchReport, 'adapter' | 'features' | 'checks' | 'copyBandwidth'> & {
    quantized: Partial<BenchReport['quantized']>;
  }
> {
  const ctx = await acquire();
  const checks = await deviceChecked(ctx, tiny, log);
  const copy = await copyBandwidth(ctx.device, tiny ? 4 << 20 : 1 << 30, warmUp(tiny));
  log(`copy bandwidth: ${(copy / 1e9).toFixed(1)} GB/s (read + write)`);
  const linear = await packedKernels(ctx.device, copy, tiny, log);
  const dispatchFloor = await dispatchFloorRows(ctx.device, tiny, log);
  const residency = await packedResidency(ctx.device, copy, tiny, log);
  ctx.device.destroy();
  const effort = tiny ? TINY_EFFORT : FULL_EFFORT;
  const decodes = decode ? await quantizedDecodes(acquire, copy, tiny, effort, log) : {};
  return {
    adapter: ctx.adapter,
    features: ctx.features,
    checks,
    copyBandwidth: copy,
    quantized: { linear, residency, dispatchFloor, ...decodes },
  };
}

async function submitRoundTrip(device: GPUDevice): Promise<number> {
  await device.queue.onSubmittedWorkDone();
  const reps = 50;
  const start = performance.now();
  for (let i = 0; i < reps; i++) {
    device.queue.submit([device.createCommandEncoder().finish()]);
    await device.queue.onSubmittedWorkDone();
  }
  return (performance.now() - start) / 1000 / reps;
}

/** A decode result's line, and with its ops timed one by one their sums per kind. */
function logDecode(r: DecodeResult, log: (line: string) => void): void {
  if (r.prefill)
    log(
      `prefill ${(r.weightBytes / 1e6).toFixed(0)} MB ${r.weights}, ${r.prefill.tokens} tokens: ${(r.prefill.seconds * 1e3).toFixed(3)} ms = ${r.prefill.tokensPerSecond.toFixed(0)} tokens/s`,
    );
  log(
    `decode ${(r.weightBytes / 1e6).toFixed(0)} MB ${r.weights}, batch ${r.batch}: ${(r.stepSeconds * 1e3).toFixed(3)} ms/step (encoding ${(r.encodeSeconds * 1e3).toFixed(3)} ms), ${(r.achievedBandwidth / 1e9).toFixed(0)} GB/s = ${(100 * r.fractionOfCopy).toFixed(0)}% of copy, ${r.tokensPerSecond.toFixed(0)} tokens/s; pipelined ${(r.pipelined.stepSeconds * 1e3).toFixed(3)} ms/step = ${(100 * r.pipelined.fractionOfCopy).toFixed(0)}% of copy`,
  );
  if (r.ops) log(describeOps(r.ops, r.stepSeconds));
}

/** Time per op kind of a profiled step, beside the step's wall-clock time. */
function describeOps(ops: readonly OpProfile[], stepSeconds: number): string {
  const kinds = new Map<string, { seconds: number; bytes: number; count: number }>();
  for (const op of ops) {
    const k = kinds.get(op.kind) ?? { seconds: 0, bytes: 0, count: 0 };
    kinds.set(op.kind, { seconds: k.seconds + op.seconds, bytes: k.bytes + op.bytes, count: k.count + 1 });
  }
  const total = ops.reduce((sum, op) => sum + op.seconds, 0);
  const lines = [...kinds].map(
    ([kind, k]) =>
      `  ${kind}: ${k.count} dispatches, ${(k.seconds * 1e6).toFixed(1)} µs, ${(k.bytes / k.seconds / 1e9).toFixed(0)} GB/s`,
  );
  return [
    `  ops timed one by one (${ops[0]?.clock}): ${(total * 1e3).toFixed(3)} ms in all, step ${(stepSeconds * 1e3).toFixed(3)} ms`,
    ...lines,
  ].join('\n');
}

/** Run everything; `acquire` gives a fresh device context (the decode runs destroy theirs). */
export async function runBench(
  acquire: () => Promise<GpuContext>,
  { tiny, log = () => {} }: BenchOptions,
): Promise<BenchReport> {
  const ctx = await acquire();
  const effort = tiny ? TINY_EFFORT : FULL_EFFORT;
  const { device } = ctx;
  const checks = await deviceChecked(ctx, tiny, log);
  const copy = await copyBandwidth(device, tiny ? 4 << 20 : 1 << 30, warmUp(tiny));
  log(`copy bandwidth: ${(copy / 1e9).toFixed(1)} GB/s (read + write)`);
  const prefill = [];
  for (const T of tiny ? [32] : [512, 1024, 2048, 4096]) {
    const r = await prefillMatmul(device, T, tiny ? 64 : 4096, tiny ? 64 : 4096);
    log(`prefill matmul ${T}×${r.I}×${r.O}: ${(r.flopsPerSecond / 1e12).toFixed(2)} TFLOP/s`);
    prefill.push(r);
  }
  const linear = [];
  for (const [I, O] of tiny
    ? [[64, 64]]
    : [
        [4096, 4096],
        [4096, 10944],
        [10944, 4096],
      ]) {
    for (const r of await linearKernels(
      device,
      I!,
      O!,
      tiny ? [1, 2, 20] : [1, 2, 4, 8, 16, 32, 64, 128],
      copy,
      effort.linearReps,
    )) {
      log(
        `linear ${r.kernel} ${r.rows}×${r.I}→${r.O}: ${(r.seconds * 1e6).toFixed(1)} µs, ${(r.achievedBandwidth / 1e9).toFixed(0)} GB/s = ${(100 * r.fractionOfCopy).toFixed(0)}% of copy`,
      );
      linear.push(r);
    }
  }
  const packed = await packedKernels(device, copy, tiny, log);
  const dispatchFloor = await dispatchFloorRows(device, tiny, log);
  const residency = await packedResidency(device, copy, tiny, log);
  const roundTrip = await submitRoundTrip(device);
  log(`submit + onSubmittedWorkDone: ${(roundTrip * 1e6).toFixed(1)} µs`);
  device.destroy();

  const models = tiny
    ? [{ width: 64, layers: 2 }]
    : [
        { width: 1024, layers: 2 },
        { width: 2048, layers: 2 },
        { width: 2048, layers: 4 },
        { width: 4096, layers: 2 },
        { width: 4096, layers: 3 },
      ];
  const batches = tiny ? [1, 2] : [1, 4, 8, 16, 32, 64];
  const decode: DecodeResult[] = [];
  const [decodeContext, decodeSteps] = tiny ? [8, 3] : [128, 20];
  for (const { width, layers } of models) {
    const model = f32Model(width, layers, decodeContext, decodeSteps);
    for (const r of await decodeRun(
      await acquire(),
      model,
      batches,
      decodeContext,
      decodeSteps,
      copy,
      effort,
    )) {
      logDecode(r, log);
      decode.push(r);
    }
  }
  const context: ContextResult[] = [];
  for (const id of tiny ? ['kv-s'] : ['kv-m', 'kv-l']) {
    const contexts = tiny ? [16, 32] : [64, 128, 256, 512, 1024, 2048, 4096, 8192];
    for (const r of await contextRun(await acquire(), id, contexts, tiny ? 3 : 20, copy)) {
      log(
        `context ${r.model} (${(r.weightBytes / 1e6).toFixed(1)} MB) at ${r.context}: ${(r.stepSeconds * 1e3).toFixed(3)} ms/step, KV ${(100 * r.kvShare).toFixed(0)}% of bytes, ${(100 * r.fractionOfCopy).toFixed(0)}% of copy`,
      );
      context.push(r);
    }
  }
  // Fixed cost: a model too small for its bytes or FLOPs to matter, with the dispatches of a 24-layer model.
  const emptySteps = tiny ? 3 : 50;
  const emptyModel = f32Model(64, tiny ? 2 : 24, 8, emptySteps);
  const [empty] = await decodeRun(await acquire(), emptyModel, [1], 8, emptySteps, copy, effort, !tiny);
  const overhead = {
    dispatchesPerStep: empty!.dispatches,
    stepSeconds: empty!.stepSeconds,
    secondsPerDispatch: empty!.stepSeconds / empty!.dispatches,
    submitRoundTrip: roundTrip,
  };
  if (empty!.ops) log(describeOps(empty!.ops, empty!.stepSeconds));
  log(
    `fixed overhead: ${overhead.dispatchesPerStep} dispatches, ${(overhead.stepSeconds * 1e3).toFixed(3)} ms per step (encoding ${(empty!.encodeSeconds * 1e3).toFixed(3)} ms), ${(overhead.secondsPerDispatch * 1e6).toFixed(2)} µs per dispatch`,
  );
  const { decode: quantizedDecode, int4OverF16 } = await quantizedDecodes(acquire, copy, tiny, effort, log);
  return {
    adapter: ctx.adapter,
    features: ctx.features,
    checks,
    copyBandwidth: copy,
    decode,
    prefill,
    linear,
    context,
    overhead,
    quantized: { linear: packed, residency, dispatchFloor, decode: quantizedDecode, int4OverF16 },
  };
}
