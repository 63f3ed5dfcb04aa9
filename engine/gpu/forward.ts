/**
 * The WebGPU backend: the same Llama forward as engine/cpu/forward.ts, as one compute pass of kernels per step.
 * All buffers (weights, KV caches, activations sized for the largest step, step inputs) are allocated once when
 * the session is made, after the sizes have been checked against the device's limits, and reused. There is a KV
 * cache per layer, or per group of layers sharing one (model/kv-sharing.ts).
 * The backend owns its device: destroy() releases both.
 */
import type { Backend, ForwardStep, OpTime } from '../backend';
import { ropeTables } from '../cpu/rope';
import type { LlamaConfig } from '../model/config';
import { kvCacheOf, kvWritingLayers, writesKv } from '../model/kv-sharing';
import { attentionPartialsBytes } from '../model/attention-split';
import { bufferNeeds, checkLimits, LimitError, type SessionShape } from '../model/footprint';
import { tensorOf, tensorSpecs, type LlamaWeights } from '../model/weights';
import { alignedSize, allocating, storageBuffer, uploadBuffer } from './buffers';
import type { GpuContext } from './device';
import type { Encode } from './kernel';
import { Kernels } from './kernels/index';
import type { FoldedNorm } from './kernels/linear';
import { PassTimer } from './pass-timer';
import { timeWithStamps } from './timed-ops';
import { HEAD_OPS, TAIL_OPS, type LayerOp } from '../measure/op-costs';

/** Weights to put on the device: tensors from a file, or a seed to generate them there. */
export type WeightSource = { kind: 'loaded'; weights: LlamaWeights } | { kind: 'synthetic'; seed: number };

/**
 * The step's dispatches, bound once: copy-on-write per cache, then per token row, then per logit row; and the
 * greedy choice of the next tokens on the device, for decoding without reading logits back.
 */
interface Stages {
  copy: Encode[];
  perToken: NamedEncode[];
  perLogitRow: NamedEncode[];
  choose: Encode;
}

/** A bound op under its name, with the ops of engine/measure/op-costs.ts it computes (several when fused). */
interface NamedEncode {
  name: string;
  covers: readonly string[];
  encode: Encode;
}

/** Pair encoders with op names, one op each, in order. */
function named(names: readonly string[], encodes: readonly Encode[]): NamedEncode[] {
  if (names.length !== encodes.length) throw new Error(`${encodes.length} ops for ${names.length} names`);
  return encodes.map((encode, i) => fused([names[i]!], encode));
}

/** One bound op computing the ops `covers` names. */
function fused(covers: readonly string[], encode: Encode): NamedEncode {
  return { name: covers.join(' + '), covers, encode };
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

interface StepInputs {
  tokens: GPUBuffer;
  positions: GPUBuffer;
  slots: GPUBuffer;
  tableStart: GPUBuffer;
  pageTables: GPUBuffer;
  logitRows: GPUBuffer;
  copies: GPUBuffer;
}

export class GpuBackend implements Backend {
  readonly kind = 'webgpu';
  readonly #device: GPUDevice;
  readonly #config: LlamaConfig;
  readonly #shape: SessionShape;
  readonly #inputs: StepInputs;
  readonly #logits: GPUBuffer;
  readonly #chosen: GPUBuffer;
  readonly #readback: GPUBuffer;
  readonly #buffers: GPUBuffer[];
  readonly #pageTableCapacity: number;
  readonly #stages: Stages;
  #destroyed = false;
  /** Seconds for an empty submission to complete, measured once when first needed. */
  #roundTrip: number | undefined;
  /** The first WebGPU error raised outside an error scope (pipelines compile on first use, mid-step). */
  #error: string | undefined;

  private constructor(
    device: GPUDevice,
    config: LlamaConfig,
    shape: SessionShape,
    allocated: {
      buffers: GPUBuffer[];
      inputs: StepInputs;
      logits: GPUBuffer;
      chosen: GPUBuffer;
      readback: GPUBuffer;
      pageTableCapacity: number;
    },
    stages: Stages,
  ) {
    this.#device = device;
    this.#config = config;
    this.#shape = shape;
    this.#buffers = allocated.buffers;
    this.#inputs = allocated.inputs;
    this.#logits = allocated.logits;
    this.#chosen = allocated.chosen;
    this.#readback = allocated.readback;
    this.#pageTableCapacity = allocated.pageTableCapacity;
    this.#stages = stages;
    device.addEventListener('uncapturederror', (event) => {
      this.#error ??= (event as GPUUncapturedErrorEvent).error.message;
    });
  }

  /** Check the sizes against the device's limits, then allocate and fill every buffer. */
  static async create(
    ctx: GpuContext,
    config: LlamaConfig,
    source: WeightSource,
    shape: SessionShape,
  ): Promise<GpuBackend> {
    // The final norm writes its R rows into the (T, D) normed-activations buffer.
    if (shape.maxLogitRows > shape.maxTokens) throw new Error('maxLogitRows must not exceed maxTokens');
    checkLimits(bufferNeeds(config, shape), ctx.limits);
    const device = ctx.device;
    const kernels = new Kernels(device);
    const {
      hiddenSize: D,
      intermediateSize: F,
      numHeads: N,
      numKvHeads: K,
      headDim: H,
      vocabSize: V,
    } = config;
    const T = shape.maxTokens;
    const R = shape.maxLogitRows;
    const blocksPerSequence = Math.min(shape.numBlocks, Math.ceil(config.maxPositions / shape.blockSize));
    const pageTableCapacity = T * blocksPerSequence;
    const buffers: GPUBuffer[] = [];
    const make = (label: string, bytes: number) => {
      const buffer = storageBuffer(device, label, bytes);
      buffers.push(buffer);
      return buffer;
    };
    const specs = tensorSpecs(config);
    const weights = await allocating(device, 'the model weights', () =>
      specs.map((spec, index) => {
        if (source.kind === 'loaded') {
          const buffer = uploadBuffer(device, spec.name, tensorOf(source.weights, spec));
          buffers.push(buffer);
          return buffer;
        }
        const buffer = make(spec.name, spec.shape.reduce((a, b) => a * b, 1) * 4);
        kernels.syntheticFill.fill(buffer, source.seed, index, spec);
        return buffer;
      }),
    );
    const byName = new Map(specs.map((s, i) => [s.name, weights[i]!]));
    const w = (name: string) => byName.get(name)!;
    const cacheBytes = shape.numBlocks * shape.blockSize * K * H * 4;
    const writers = kvWritingLayers(config);
    const caches = await allocating(
      device,
      `the KV cache (${writers.length} caches × 2 × ${cacheBytes} bytes)`,
      () =>
        writers.map((l) => ({
          k: make(`layer ${l} key cache`, cacheBytes),
          v: make(`layer ${l} value cache`, cacheBytes),
        })),
    );
    const a = await allocating(device, 'activation buffers', () => ({
      x: make('residual stream', T * D * 4),
      h: make('normed activations', T * D * 4),
      q: make('queries', T * N * H * 4),
      k: make('keys', T * K * H * 4),
      v: make('values', T * K * H * 4),
      att: make('attention output', T * N * H * 4),
      partials: make('attention partials', attentionPartialsBytes(T, N, H)),
      o: make('projection output', T * D * 4),
      gate: make('MLP gate', T * F * 4),
      up: make('MLP up', T * F * 4),
      last: make('logit rows', R * D * 4),
      logits: make('logits', R * V * 4),
      chosen: make('chosen tokens', R * 4),
    }));
    const inputs = await allocating(device, 'step inputs', () => ({
      tokens: make('tokens', T * 4),
      positions: make('positions', T * 4),
      slots: make('slots', T * 4),
      tableStart: make('table starts', T * 4),
      pageTables: make('page tables', pageTableCapacity * 4),
      logitRows: make('logit rows index', R * 4),
      copies: make('block copies', T * 16),
    }));

    const readback = await allocating(device, 'the logits read-back buffer', () =>
      device.createBuffer({
        label: 'logits read-back',
        size: alignedSize(R * V * 4),
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      }),
    );
    buffers.push(readback);
    const eps = config.rmsNormEps;
    const tables = ropeTables(config.maxPositions, H, config.ropeTheta);
    const ropeTable = uploadBuffer(device, 'rope cos and sin tables', concat(tables.cos, tables.sin));
    buffers.push(ropeTable);
    const perToken = named(HEAD_OPS, [
      kernels.embedding.bind('tokens', a.x, w('model.embed_tokens.weight'), inputs.tokens, D),
    ]);
    const copy: Encode[] = writers.flatMap((l, i) => [
      kernels.kvCopy.bind(`layer ${l} keys`, caches[i]!.k, inputs.copies, shape.blockSize, K * H),
      kernels.kvCopy.bind(`layer ${l} values`, caches[i]!.v, inputs.copies, shape.blockSize, K * H),
    ]);
    for (let l = 0; l < config.numLayers; l++) {
      const { k: kCache, v: vCache } = caches[kvCacheOf(config, l)]!;
      const p = `model.layers.${l}.`;
      const lin = (label: string, out: GPUBuffer, inp: GPUBuffer, name: string, I: number, O: number) =>
        kernels.linear.bind(`layer ${l} ${label}`, out, inp, w(p + name), I, O, { accumulate: true });
      const ops = (...names: LayerOp[]) => names.map((op) => `layer ${l} ${op}`);
      const rotation = {
        q: a.q,
        k: a.k,
        v: a.v,
        kCache,
        vCache,
        positions: inputs.positions,
        slots: inputs.slots,
        table: ropeTable,
      };
      // A norm before projections: folded into the fused kernels, or its own dispatch into a.h (linear.ts).
      const norm = (label: string, name: string): FoldedNorm => ({
        weight: w(p + name),
        eps,
        normed: a.h,
        encode: kernels.rmsnorm.bind(`layer ${l} ${label}`, a.h, a.x, w(p + name), D, eps),
      });
      const attentionNorm = norm('attention norm', 'input_layernorm.weight');
      // The first layer of a cache-sharing group projects, rotates and writes keys and values; the others only
      // their queries (model/kv-sharing.ts).
      const attentionInputs = writesKv(config, l)
        ? [
            fused(
              ops('attention norm', 'q projection', 'k projection', 'v projection'),
              kernels.linear.bindQkv(
                `layer ${l}`,
                { q: a.q, k: a.k, v: a.v },
                a.x,
                attentionNorm,
                {
                  q: w(p + 'self_attn.q_proj.weight'),
                  k: w(p + 'self_attn.k_proj.weight'),
                  v: w(p + 'self_attn.v_proj.weight'),
                },
                D,
                N * H,
                K * H,
              ),
            ),
            fused(
              ops('q rotation', 'k rotation', 'KV write'),
              kernels.ropeCache.bind(`layer ${l}`, rotation, N, K, H, config.maxPositions),
            ),
          ]
        : [
            fused(ops('attention norm'), attentionNorm.encode),
            fused(
              ops('q projection'),
              kernels.linear.bind(`layer ${l} q`, a.q, a.h, w(p + 'self_attn.q_proj.weight'), D, N * H),
            ),
            fused(
              ops('q rotation'),
              kernels.ropeCache.bindQueries(`layer ${l}`, rotation, N, H, config.maxPositions),
            ),
          ];
      perToken.push(
        ...attentionInputs,
        fused(
          ops('attention'),
          kernels.attention.bind(
            `layer ${l}`,
            {
              out: a.att,
              q: a.q,
              kCache,
              vCache,
              positions: inputs.positions,
              tableStart: inputs.tableStart,
              pageTables: inputs.pageTables,
              partials: a.partials,
            },
            N,
            K,
            H,
            shape.blockSize,
            config.slidingWindow,
          ),
        ),
        fused(
          ops('o projection', 'attention residual'),
          lin('o', a.x, a.att, 'self_attn.o_proj.weight', N * H, D),
        ),
        fused(
          ops('MLP norm', 'gate projection', 'up projection', 'SwiGLU'),
          kernels.linear.bindGateUp(
            `layer ${l}`,
            a.gate,
            a.up,
            a.x,
            norm('MLP norm', 'post_attention_layernorm.weight'),
            { gate: w(p + 'mlp.gate_proj.weight'), up: w(p + 'mlp.up_proj.weight') },
            D,
            F,
            scaled(kernels.swiglu.bind(`layer ${l}`, a.gate, a.up), F),
          ),
        ),
        fused(ops('down projection', 'MLP residual'), lin('down', a.x, a.gate, 'mlp.down_proj.weight', F, D)),
      );
    }
    const head = config.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight';
    const perLogitRow = named(TAIL_OPS, [
      kernels.gatherRows.bind('logit rows', a.last, a.x, inputs.logitRows, D),
      kernels.rmsnorm.bind('final norm', a.h, a.last, w('model.norm.weight'), D, eps),
      kernels.linear.bind('output head', a.logits, a.h, w(head), D, V),
    ]);
    return new GpuBackend(
      device,
      config,
      shape,
      { buffers, inputs, logits: a.logits, chosen: a.chosen, readback, pageTableCapacity },
      {
        copy,
        perToken,
        perLogitRow,
        choose: kernels.argmax.bind('greedy', a.chosen, inputs.tokens, a.logits, inputs.logitRows, V),
      },
    );
  }

  async forward(step: ForwardStep): Promise<Float32Array> {
    this.#check(step);
    this.#writeInputs(step, true);
    const R = step.logitRows.length;
    const bytes = alignedSize(R * this.#config.vocabSize * 4);
    this.#device.queue.submit([this.#encode(step)]);
    await this.#readback.mapAsync(GPUMapMode.READ, 0, bytes);
    const logits = new Float32Array(
      this.#readback.getMappedRange(0, bytes).slice(0, R * this.#config.vocabSize * 4),
    );
    this.#readback.unmap();
    this.#throwReported();
    return logits;
  }

  /**
   * Greedy decoding with the token ids kept on the GPU. `steps` are consecutive decode steps (one token row per
   * sequence, the logits of every row wanted): the first step's token ids are used, and each later step reads its
   * ids from the argmax of the step before, chosen on the device. Nothing waits between steps, so each step is
   * encoded and queued while the ones before it run, as serving engines decode. Returns the ids chosen after
   * each step, (steps, R).
   */
  async decodeGreedy(steps: readonly ForwardStep[]): Promise<Int32Array[]> {
    for (const step of steps) {
      this.#check(step);
      if (step.logitRows.length !== step.tokens.length)
        throw new Error('greedy decoding on the device needs the logits of every token row');
    }
    const R = steps[0]?.logitRows.length ?? 0;
    const history = this.#device.createBuffer({
      label: 'greedy decoding: chosen tokens per step',
      size: alignedSize(steps.length * R * 4),
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    // Writes to the step inputs are queue operations: each lands after the submissions before it have run.
    for (const [i, step] of steps.entries()) {
      this.#writeInputs(step, i === 0);
      this.#device.queue.submit([this.#encode(step, { history, offset: i * R * 4 })]);
    }
    await history.mapAsync(GPUMapMode.READ);
    const ids = new Int32Array(history.getMappedRange().slice(0));
    history.destroy();
    this.#throwReported();
    return steps.map((_, i) => ids.slice(i * R, (i + 1) * R));
  }

  #check(step: ForwardStep): void {
    const T = step.tokens.length;
    const R = step.logitRows.length;
    const s = this.#shape;
    if (T > s.maxTokens)
      throw new LimitError(
        `This step has ${T} tokens; the GPU session holds at most ${s.maxTokens} per step.`,
      );
    if (R > s.maxLogitRows)
      throw new LimitError(
        `This step asks for ${R} rows of logits; the GPU session returns at most ${s.maxLogitRows}.`,
      );
    if (step.pageTables.length > this.#pageTableCapacity) {
      throw new LimitError(
        `This step's page tables hold ${step.pageTables.length} entries; the GPU session holds at most ${this.#pageTableCapacity}.`,
      );
    }
  }

  /** Queue the step's inputs for upload; its token ids only where `tokens` (else the device's own stay). */
  #writeInputs(step: ForwardStep, tokens: boolean): void {
    const queue = this.#device.queue;
    const inputs = this.#inputs;
    if (tokens) queue.writeBuffer(inputs.tokens, 0, step.tokens);
    queue.writeBuffer(inputs.positions, 0, step.positions);
    queue.writeBuffer(inputs.slots, 0, step.slots);
    queue.writeBuffer(inputs.tableStart, 0, step.tableStart);
    queue.writeBuffer(inputs.pageTables, 0, step.pageTables);
    queue.writeBuffer(inputs.logitRows, 0, step.logitRows);
    if (step.copies.length > 0) {
      queue.writeBuffer(
        inputs.copies,
        0,
        Uint32Array.from(step.copies.flatMap((c) => [c.src, c.dst, c.tokens, 0])),
      );
    }
  }

  #throwReported(): void {
    if (this.#error) throw new Error(`WebGPU reported an error during the forward step: ${this.#error}`);
  }

  /**
   * Encode the step's ops in one command buffer, ending with the copy of the logits to the mappable read-back
   * buffer, so a step costs one round trip; or, given `choose`, with the greedy choice of the next tokens, copied
   * to `choose.history` at `choose.offset`. (Splitting a step into several submissions, so the GPU starts while
   * the rest is encoded, measured no faster on an H100: docs/performance.md.)
   */
  #encode(step: ForwardStep, choose?: { history: GPUBuffer; offset: number }): GPUCommandBuffer {
    const T = step.tokens.length;
    const R = step.logitRows.length;
    const context = longestContext(step);
    const encoder = this.#device.createCommandEncoder({ label: 'forward step' });
    const pass = encoder.beginComputePass({ label: 'forward step' });
    // Copies come first in each layer's cache: they only move data written by earlier steps.
    if (step.copies.length > 0) for (const encode of this.#stages.copy) encode(pass, step.copies.length);
    for (const { encode } of this.#stages.perToken) encode(pass, T, context);
    for (const { encode } of this.#stages.perLogitRow) encode(pass, R);
    if (choose) this.#stages.choose(pass, R);
    pass.end();
    if (choose) {
      encoder.copyBufferToBuffer(this.#chosen, 0, choose.history, choose.offset, R * 4);
    } else {
      const bytes = alignedSize(R * this.#config.vocabSize * 4);
      encoder.copyBufferToBuffer(this.#logits, 0, this.#readback, 0, bytes);
    }
    return encoder.finish();
  }

  /** Host seconds to encode one step's commands, nothing submitted: the CPU's share of a step. */
  encodeSeconds(step: ForwardStep, reps = 20): number {
    const start = performance.now();
    for (let i = 0; i < reps; i++) this.#encode(step);
    return (performance.now() - start) / 1000 / reps;
  }

  /**
   * Run the step, then time each op by repeating it `reps` times in a pass of its own: GPU timestamps around the
   * pass where the device has them (ops too short for coarse stamps are repeated more), else wall clock to
   * completion less an empty submission's round trip. Repeats rewrite this step's activations and its own KV
   * slots, so callers time a scratch sequence.
   */
  async timeOps(step: ForwardStep, reps = 20): Promise<OpTime[]> {
    await this.forward(step);
    const T = step.tokens.length;
    const R = step.logitRows.length;
    const context = longestContext(step);
    const ops = [
      ...this.#stages.perToken.map((op) => ({ ...op, n: T })),
      ...this.#stages.perLogitRow.map((op) => ({ ...op, n: R })),
    ].map(({ name, covers, encode, n }) => ({
      name,
      covers,
      run: (pass: GPUComputePassEncoder, times: number) => {
        for (let i = 0; i < times; i++) encode(pass, n, context);
      },
    }));
    const timer = PassTimer.create(this.#device);
    const stamped = timer ? await timeWithStamps(timer, ops, reps) : [];
    const times: OpTime[] = [];
    for (const [i, op] of ops.entries()) {
      const seconds = stamped[i];
      times.push({
        name: op.name,
        covers: op.covers,
        ...(seconds === undefined
          ? { seconds: await this.#wallClock((pass) => op.run(pass, reps), reps), clock: 'wall-clock' }
          : { seconds, clock: 'gpu-timestamp' }),
      });
    }
    return times;
  }

  /** Seconds per repetition of `encode` (which runs `reps` of them): wall clock less an empty round trip. */
  async #wallClock(encode: (pass: GPUComputePassEncoder) => void, reps: number): Promise<number> {
    const submit = async (body: (pass: GPUComputePassEncoder) => void) => {
      const encoder = this.#device.createCommandEncoder({ label: 'timed op' });
      const pass = encoder.beginComputePass();
      body(pass);
      pass.end();
      const start = performance.now();
      this.#device.queue.submit([encoder.finish()]);
      await this.#device.queue.onSubmittedWorkDone();
      return (performance.now() - start) / 1000;
    };
    if (this.#roundTrip === undefined) {
      const empties = [];
      for (let i = 0; i < 5; i++) empties.push(await submit(() => {}));
      this.#roundTrip = Math.min(...empties);
    }
    return Math.max(0, (await submit(encode)) - this.#roundTrip) / reps;
  }

  /** Compute dispatches in one step without copy-on-write: one per bound op (split attention adds a combine). */
  get dispatchesPerStep(): number {
    return this.#stages.perToken.length + this.#stages.perLogitRow.length;
  }

  /** Calls `listener` if the device is lost while the backend is in use (not when destroyed on purpose). */
  onDeviceLost(listener: (message: string) => void): void {
    void this.#device.lost.then((lost) => {
      if (!this.#destroyed)
        listener(`The GPU device was lost (${lost.reason}): ${lost.message || 'no detail given'}`);
    });
  }

  /** Free every buffer and the device, which the backend owns. */
  destroy(): void {
    this.#destroyed = true;
    for (const buffer of this.#buffers) buffer.destroy();
    this.#device.destroy();
  }
}

/** Tokens of context of the step's longest row: its furthest position plus one. */
function longestContext(step: ForwardStep): number {
  let longest = 0;
  for (const position of step.positions) longest = Math.max(longest, position + 1);
  return longest;
}

/** Elementwise ops get n = T · width. */
function scaled(encode: Encode, width: number): Encode {
  return (pass, T) => encode(pass, T * width);
}
