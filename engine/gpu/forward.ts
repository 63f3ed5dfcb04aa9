/**
 * The WebGPU backend: the same Llama forward as engine/cpu/forward.ts, as one compute pass of kernels per step.
 * All buffers (weights, KV caches, activations sized for the largest step, step inputs) are allocated once when
 * the session is made, after the sizes have been checked against the device's limits, and reused; the step's
 * encoding is step-encoder.ts's, per-op timing time-ops.ts's. There is a KV cache per layer, or per group of layers
 * sharing one (model/kv-sharing.ts). The backend owns its device: destroy() releases both.
 */
import type { Backend, ForwardStep, OpTime } from '../backend';
import type { LlamaConfig } from '../model/config';
import type { SessionShape } from '../model/footprint';
import type { WeightSource } from './allocate';
import { alignedSize } from './buffers';
import type { GpuContext } from './device';
import { StepEncoder } from './step-encoder';
import { OpTimer } from './time-ops';

export type { WeightSource } from './allocate';

export class GpuBackend implements Backend {
  readonly kind = 'webgpu';
  readonly #steps: StepEncoder;
  readonly #device: GPUDevice;
  #timer: OpTimer | undefined;
  #destroyed = false;
  /** The first WebGPU error raised outside an error scope (pipelines compile on first use, mid-step). */
  #error: string | undefined;

  /** A backend running the steps `steps` encodes, on its device, which the backend then owns. */
  constructor(steps: StepEncoder) {
    this.#steps = steps;
    this.#device = steps.device;
    this.#device.addEventListener('uncapturederror', (event) => {
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
    return new GpuBackend(await StepEncoder.create(ctx, config, source, shape));
  }

  async forward(step: ForwardStep): Promise<Float32Array> {
    const steps = this.#steps;
    steps.check(step);
    steps.writeInputs(step, true);
    const size = step.logitRows.length * steps.config.vocabSize * 4;
    const bytes = steps.logitBytes(step.logitRows.length);
    const readBack = steps.buffers.logitsReadBack;
    this.#device.queue.submit([steps.encode(step)]);
    await readBack.mapAsync(GPUMapMode.READ, 0, bytes);
    const logits = new Float32Array(readBack.getMappedRange(0, bytes).slice(0, size));
    readBack.unmap();
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
      this.#steps.check(step);
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
      this.#steps.writeInputs(step, i === 0);
      this.#device.queue.submit([this.#steps.encode(step, { history, offset: i * R * 4 })]);
    }
    await history.mapAsync(GPUMapMode.READ);
    const ids = new Int32Array(history.getMappedRange().slice(0));
    history.destroy();
    this.#throwReported();
    return steps.map((_, i) => ids.slice(i * R, (i + 1) * R));
  }

  /**
   * Run the step, then time each op by repeating it `reps` times in a pass of its own (time-ops.ts). Repeats
   * rewrite this step's activations and its own KV slots, so callers time a scratch sequence.
   */
  async timeOps(step: ForwardStep, reps = 20): Promise<OpTime[]> {
    await this.forward(step);
    this.#timer ??= new OpTimer(this.#device);
    return this.#timer.time(this.#steps.ops(step), reps);
  }

  /** Calls `listener` if the device is lost while the backend is in use (not when destroyed on purpose). */
  onDeviceLost(listener: (message: string) => void): void {
    void this.#device.lost.then((lost) => {
      if (!this.#destroyed)
        listener(
          `The GPU device was lost (${lost.reason}): ${lost.message.replace(/\.$/, '') || 'no detail given'}.`,
        );
    });
  }

  /** Free every buffer and the device, which the backend owns. */
  destroy(): void {
    this.#destroyed = true;
    for (const buffer of this.#steps.buffers.all) buffer.destroy();
    this.#device.destroy();
  }

  #throwReported(): void {
    if (this.#error) throw new Error(`WebGPU reported an error during the forward step: ${this.#error}`);
  }
}
