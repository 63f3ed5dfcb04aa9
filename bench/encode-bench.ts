/**
 * What a decode step costs the host to encode (issue 18): the benchmark's fixed-cost model (24 layers of width 64,
 * too small for its GPU work to matter), a prompt prefilled, then decode steps recorded as the backend saw them.
 * Each round encodes the recorded steps in turn (their contexts differ, as in decoding), submits nothing, and
 * gives the mean per step; the report keeps every round and their median. Beside it, its two parts: the engine's own
 * JavaScript (every op of the step encoded into a pass that records nothing), and the WebGPU calls alone (as many
 * setPipeline, setBindGroup and dispatchWorkgroups calls on objects made beforehand).
 */
import {
  acquireGpu,
  GpuBackend,
  ModelRunner,
  PagedKvCache,
  StepEncoder,
  median,
  type ForwardStep,
  type GpuContext,
} from '../engine/bench-entry';
import { syntheticConfig } from '../engine/index';
import { dispatchesPerStep, recordSteps } from './step-costs';

export interface EncodeReport {
  adapter: GpuContext['adapter'];
  method: string;
  layers: number;
  dispatches: number;
  /** Mean seconds to encode one step, per round. */
  roundSeconds: number[];
  medianSeconds: number;
  /** The step's ops encoded into a pass whose methods do nothing, per round, and their median. */
  scriptRoundSeconds: number[];
  medianScriptSeconds: number;
  /** The same count of setPipeline + setBindGroup + dispatchWorkgroups, per round, and their median. */
  callRoundSeconds: number[];
  medianCallSeconds: number;
}

const ROUNDS = 21;
const STEPS_PER_ROUND = 100;

export async function encodeBench(
  acquire: () => Promise<GpuContext> = acquireGpu,
  { tiny, log }: { tiny: boolean; log: (line: string) => void },
): Promise<EncodeReport> {
  const ctx = await acquire();
  const layers = tiny ? 2 : 24;
  const rounds = tiny ? 3 : ROUNDS;
  const config = syntheticConfig({ width: 64, layers, maxPositions: 256 });
  const shape = { numBlocks: 16, blockSize: 16, maxTokens: 16, maxLogitRows: 1 };
  const source = { kind: 'synthetic', seed: 1, scheme: { kind: 'f32' } } as const;
  const encoder = await StepEncoder.create(ctx, config, source, shape);
  const steps = await recordedSteps(encoder, config, shape, tiny ? 3 : 20);
  const dispatches = dispatchesPerStep(encoder);
  const roundSeconds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < STEPS_PER_ROUND; i++) encoder.encode(steps[i % steps.length]!);
    roundSeconds.push((performance.now() - start) / 1000 / STEPS_PER_ROUND);
  }
  const scriptRoundSeconds = scriptAlone(encoder, steps, rounds);
  const callRoundSeconds = bareCalls(ctx.device, dispatches, rounds);
  ctx.device.destroy();
  const report = {
    adapter: ctx.adapter,
    method: `${rounds} rounds of ${STEPS_PER_ROUND} encodes of recorded decode steps, nothing submitted; mean per step each round`,
    layers,
    dispatches,
    roundSeconds,
    medianSeconds: median(roundSeconds),
    scriptRoundSeconds,
    medianScriptSeconds: median(scriptRoundSeconds),
    callRoundSeconds,
    medianCallSeconds: median(callRoundSeconds),
  };
  log(
    `encoding a step of ${dispatches} dispatches (${layers} layers): ${(report.medianSeconds * 1e6).toFixed(1)} µs (median of ${rounds} rounds); the engine's script alone ${(report.medianScriptSeconds * 1e6).toFixed(1)} µs, the WebGPU calls alone ${(report.medianCallSeconds * 1e6).toFixed(1)} µs`,
  );
  return report;
}

/** Decode steps of one sequence after an 8-token prompt, as the backend receives them. */
async function recordedSteps(
  encoder: StepEncoder,
  config: ReturnType<typeof syntheticConfig>,
  shape: ConstructorParameters<typeof PagedKvCache>[0],
  count: number,
): Promise<ForwardStep[]> {
  const backend = new GpuBackend(encoder);
  const session = new ModelRunner(backend, new PagedKvCache(shape), config);
  const seq = session.create();
  await session.forward([{ seq, tokens: [1, 2, 3, 4, 5, 6, 7, 8], logits: 'last' }]);
  const seen = recordSteps(backend);
  for (let i = 0; i < count; i++) await session.forward([{ seq, tokens: [1], logits: 'last' }]);
  return seen;
}

/** Per round, the mean seconds to encode the steps' ops into a pass that records nothing. */
function scriptAlone(encoder: StepEncoder, steps: readonly ForwardStep[], rounds: number): number[] {
  const idle = () => {};
  const pass = {
    setPipeline: idle,
    setBindGroup: idle,
    dispatchWorkgroups: idle,
  } as unknown as GPUComputePassEncoder;
  const seconds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < STEPS_PER_ROUND; i++) encoder.encodeOps(pass, steps[i % steps.length]!);
    seconds.push((performance.now() - start) / 1000 / STEPS_PER_ROUND);
  }
  return seconds;
}

/** Per round, the mean seconds of `dispatches` × (setPipeline, setBindGroup, dispatchWorkgroups) in one pass. */
function bareCalls(device: GPUDevice, dispatches: number, rounds: number): number[] {
  const module = device.createShaderModule({
    code: '@group(0) @binding(0) var<storage, read_write> b: array<u32>; @compute @workgroup_size(64) fn main() { b[0] = 1u; }',
  });
  const buffer = device.createBuffer({ size: 256, usage: GPUBufferUsage.STORAGE });
  // Six pipelines in turn, as a layer's six dispatches each use their own.
  const kinds = Array.from({ length: 6 }, () => {
    const pipeline = device.createComputePipeline({
      layout: 'auto',
      compute: { module, entryPoint: 'main' },
    });
    const group = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: { buffer } }],
    });
    return { pipeline, group };
  });
  const seconds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < STEPS_PER_ROUND; i++) {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      for (let j = 0; j < dispatches; j++) {
        const { pipeline, group } = kinds[j % kinds.length]!;
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, group);
        pass.dispatchWorkgroups(1);
      }
      pass.end();
      encoder.finish();
    }
    seconds.push((performance.now() - start) / 1000 / STEPS_PER_ROUND);
  }
  return seconds;
}
