/**
 * A forward step on the device, set up once per session: the sizes checked against the device's limits, every
 * buffer allocated from the one buffer table (allocate.ts) and the ops bound to them (layer-graph.ts). Then, per
 * step, its inputs are written and its dispatches encoded in one command buffer. The backend (forward.ts) submits
 * it and reads the results back.
 */
import type { ForwardStep } from '../backend';
import type { LlamaConfig } from '../model/config';
import {
  bufferNeeds,
  checkLimits,
  LimitError,
  pageTableCapacity,
  type SessionShape,
} from '../model/footprint';
import { allocateBuffers, type DeviceBuffers, type WeightSource } from './allocate';
import { alignedSize } from './buffers';
import type { GpuContext } from './device';
import type { Encode } from './kernel';
import { Kernels } from './kernels/index';
import { bindLayerGraph, type LayerGraph } from './layer-graph';
import type { NamedOp } from './time-ops';

/** Where the greedy choice of a step's next tokens goes: copied into `history` at byte `offset`. */
export interface ChosenTokens {
  history: GPUBuffer;
  offset: number;
}

export class StepEncoder {
  readonly device: GPUDevice;
  readonly config: LlamaConfig;
  readonly shape: SessionShape;
  readonly buffers: DeviceBuffers;
  readonly graph: LayerGraph;

  private constructor(
    device: GPUDevice,
    config: LlamaConfig,
    shape: SessionShape,
    buffers: DeviceBuffers,
    graph: LayerGraph,
  ) {
    this.device = device;
    this.config = config;
    this.shape = shape;
    this.buffers = buffers;
    this.graph = graph;
  }

  /** Check the sizes against the device's limits, then allocate and fill every buffer and bind every op. */
  static async create(
    ctx: GpuContext,
    config: LlamaConfig,
    source: WeightSource,
    shape: SessionShape,
  ): Promise<StepEncoder> {
    // The final norm writes its R rows into the (T, D) normed-activations buffer.
    if (shape.maxLogitRows > shape.maxTokens) throw new Error('maxLogitRows must not exceed maxTokens');
    checkLimits(bufferNeeds(config, shape, source.scheme), ctx.limits);
    const kernels = new Kernels(ctx.device);
    const buffers = await allocateBuffers(ctx.device, kernels, config, shape, source);
    const graph = bindLayerGraph(kernels, config, shape, buffers, source.scheme);
    return new StepEncoder(ctx.device, config, shape, buffers, graph);
  }

  /** Throw a LimitError if the step is larger than the buffers were sized for. */
  check(step: ForwardStep): void {
    const T = step.tokens.length;
    const R = step.logitRows.length;
    const s = this.shape;
    if (T > s.maxTokens)
      throw new LimitError(
        `This step has ${T} tokens; the GPU session holds at most ${s.maxTokens} per step.`,
      );
    if (R > s.maxLogitRows)
      throw new LimitError(
        `This step asks for ${R} rows of logits; the GPU session returns at most ${s.maxLogitRows}.`,
      );
    const capacity = pageTableCapacity(this.config, s);
    if (step.pageTables.length > capacity) {
      throw new LimitError(
        `This step's page tables hold ${step.pageTables.length} entries; the GPU session holds at most ${capacity}.`,
      );
    }
  }

  /** Queue the step's inputs for upload; its token ids only where `tokens` (else the device's own stay). */
  writeInputs(step: ForwardStep, tokens: boolean): void {
    const queue = this.device.queue;
    const inputs = this.buffers.stepInputs;
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

  /**
   * Encode the step's ops in one command buffer, ending with the copy of the logits to the mappable read-back
   * buffer, so a step costs one round trip; or, given `choose`, with the greedy choice of the next tokens, copied
   * to `choose.history` at `choose.offset`. (Splitting a step into several submissions, so the GPU starts while
   * the rest is encoded, measured no faster on an H100: docs/performance.md.)
   */
  encode(step: ForwardStep, choose?: ChosenTokens): GPUCommandBuffer {
    const R = step.logitRows.length;
    const encoder = this.device.createCommandEncoder({ label: 'forward step' });
    const pass = encoder.beginComputePass({ label: 'forward step' });
    this.encodeOps(pass, step, choose !== undefined);
    pass.end();
    const { chosen, logits } = this.buffers.activations;
    if (choose) {
      encoder.copyBufferToBuffer(chosen, 0, choose.history, choose.offset, R * 4);
    } else {
      encoder.copyBufferToBuffer(logits, 0, this.buffers.logitsReadBack, 0, this.logitBytes(R));
    }
    return encoder.finish();
  }

  /** The step's dispatches into `pass`, and with `choose` the greedy choice; the benchmark times them alone. */
  encodeOps(pass: GPUComputePassEncoder, step: ForwardStep, choose = false): void {
    const T = step.tokens.length;
    const R = step.logitRows.length;
    const context = longestContext(step);
    const graph = this.graph;
    // Copies come first in each layer's cache: they only move data written by earlier steps.
    if (step.copies.length > 0) for (const encode of graph.copy) encode(pass, step.copies.length);
    for (const { encode } of graph.perToken) encode(pass, T, context);
    for (const { encode } of graph.perLogitRow) encode(pass, R);
    if (choose) graph.choose(pass, R);
  }

  /** Bytes of R rows of logits, as copied and mapped. */
  logitBytes(R: number): number {
    return alignedSize(R * this.config.vocabSize * 4);
  }

  /** The step's bound ops, each repeatable within a pass, to time them one by one. */
  ops(step: ForwardStep): NamedOp[] {
    const context = longestContext(step);
    const repeat = (encode: Encode, n: number) => (pass: GPUComputePassEncoder, times: number) => {
      for (let i = 0; i < times; i++) encode(pass, n, context);
    };
    return [
      ...this.graph.perToken.map((op) => ({ ...op, n: step.tokens.length })),
      ...this.graph.perLogitRow.map((op) => ({ ...op, n: step.logitRows.length })),
    ].map(({ name, covers, encode, n }) => ({ name, covers, run: repeat(encode, n) }));
  }
}

/** Tokens of context of the step's longest row: its furthest position plus one. */
function longestContext(step: ForwardStep): number {
  let longest = 0;
  for (const position of step.positions) longest = Math.max(longest, position + 1);
  return longest;
}
