/**
 * Attention's time against KV block size, on the reader's device: one decode step's attention (B sequences, one
 * query row each, over S tokens of context, a model's head shape N, K, H) read through page tables whose blocks are
 * scattered over the pool (scattered-page-tables.ts), the kernel alone timed at each block size. The queries, keys
 * and values are the same seeded numbers at every size; only the page tables change. On WebGPU the kernel of
 * gpu/kernels/attention.ts (split along the context as the engine's decode steps are), repeated in one compute pass
 * and timed wall-clock around the submissions as in microbench.ts; on the CPU fallback its twin, cpu/attention.ts.
 * What it is not: a whole decode step, or one over a model's real keys.
 */
import { attention } from '../cpu/attention';
import { allocating, storageBuffer, uploadBuffer } from '../gpu/buffers';
import { AttentionKernel } from '../gpu/kernels/attention';
import { attentionPartialsBytes } from '../model/attention-split';
import { Random } from '../model/random';
import { submitPass, timed } from './microbench';
import { scatteredPageTables } from './scattered-page-tables';

export interface AttentionByBlockRequest {
  /** Sequences in the decode batch: one query row each. */
  B: number;
  /** Tokens of context each row attends over, its own included. */
  S: number;
  /** Query heads, KV heads and head dimension (a multiple of 4 up to 256, as the GPU kernel takes). */
  N: number;
  K: number;
  H: number;
  /** Tokens per KV block, one timing each, in this order. */
  blockSizes: readonly number[];
  /** Seed of the keys, values and queries, and of the blocks' scatter. */
  seed: number;
}

/** Times one attention call over the batch at a block size. */
export interface AttentionTimer {
  /** Wall-clock seconds of one attention call with blocks of `blockSize` tokens. */
  time(blockSize: number): Promise<number>;
}

/** A timer holding GPU buffers, which `destroy` gives back (destroying the device does too). */
export interface GpuAttentionTimer extends AttentionTimer {
  destroy(): void;
}

/** Timings per block size, of which the median is kept: one slow timing (another tab, a busy core) is dropped. */
const ROUNDS = 3;
/** Seconds each timing lasts at least (microbench.ts's `timed` grows its repetitions to reach it). */
const TARGET_SECONDS = 0.04;

/** The median of ROUNDS timings of `run`, in seconds per repetition. */
async function medianTime(run: (reps: number) => Promise<void>, target: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) times.push(await timed(run, target));
  return times.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
}

/** Slots the pool needs at the block size that rounds the contexts up most. */
function poolSlots({ B, S, blockSizes }: AttentionByBlockRequest): number {
  return Math.max(...blockSizes.map((size) => B * Math.ceil(S / size) * size));
}

/** The step's seeded inputs: queries (B, N·H), keys and values (slots, K·H), and every row at position S − 1. */
function stepInputs(request: AttentionByBlockRequest) {
  const { B, S, N, K, H, seed } = request;
  const rng = new Random(seed);
  const slots = poolSlots(request);
  return {
    q: rng.uniformArray(B * N * H),
    kCache: rng.uniformArray(slots * K * H),
    vCache: rng.uniformArray(slots * K * H),
    positions: new Int32Array(B).fill(S - 1),
  };
}

/** The CPU twin's timer. */
export function cpuAttentionTimer(
  request: AttentionByBlockRequest,
  targetSeconds = TARGET_SECONDS,
): AttentionTimer {
  const { B, S, N, K, H, seed } = request;
  const { q, kCache, vCache, positions } = stepInputs(request);
  const out = new Float32Array(B * N * H);
  return {
    time(blockSize) {
      const { pageTables, tableStart } = scatteredPageTables(B, S, blockSize, seed);
      return medianTime(async (reps) => {
        for (let i = 0; i < reps; i++)
          attention(out, q, kCache, vCache, positions, tableStart, pageTables, B, N, K, H, blockSize);
      }, targetSeconds);
    },
  };
}

/** The WebGPU kernel's timer on `device`; throws, naming the buffers, if the device cannot hold them. */
export async function gpuAttentionTimer(
  device: GPUDevice,
  request: AttentionByBlockRequest,
  targetSeconds = TARGET_SECONDS,
): Promise<GpuAttentionTimer> {
  const { B, S, N, K, H, seed } = request;
  const inputs = stepInputs(request);
  const kernel = new AttentionKernel(device);
  const held = await allocating(device, 'the attention timing buffers', () => ({
    out: storageBuffer(device, 'attention by block: out', B * N * H * 4),
    q: uploadBuffer(device, 'attention by block: q', inputs.q),
    kCache: uploadBuffer(device, 'attention by block: k cache', inputs.kCache),
    vCache: uploadBuffer(device, 'attention by block: v cache', inputs.vCache),
    positions: uploadBuffer(device, 'attention by block: positions', inputs.positions),
    partials: storageBuffer(device, 'attention by block: partials', attentionPartialsBytes(B, N, H)),
  }));
  return {
    async time(blockSize) {
      const { pageTables, tableStart } = scatteredPageTables(B, S, blockSize, seed);
      const tables = {
        pageTables: uploadBuffer(device, `attention by block: tables of ${blockSize}`, pageTables),
        tableStart: uploadBuffer(device, `attention by block: starts of ${blockSize}`, tableStart),
      };
      const encode = kernel.bind(`blocks of ${blockSize}`, { ...held, ...tables }, N, K, H, blockSize);
      try {
        return await medianTime(
          (reps) =>
            submitPass(device, (pass) => {
              for (let i = 0; i < reps; i++) encode(pass, B, S);
            }),
          targetSeconds,
        );
      } finally {
        tables.pageTables.destroy();
        tables.tableStart.destroy();
      }
    },
    destroy() {
      for (const buffer of Object.values(held)) buffer.destroy();
    },
  };
}
