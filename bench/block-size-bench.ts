/**
 * KV block size on one GPU, lesson 8's benchmark: one decode step's attention alone (B sequences, one query row
 * each, over S tokens of context) read through page tables whose blocks a seeded shuffle scatters over the pool, at
 * each block size, with the engine's attention kernel split along the context as its decode steps are: the page's
 * attention-by-block job (engine/measure/attention-by-block.ts) at the heads of real models and real contexts. Each
 * timing is the median of three, repeated in one compute pass until it lasts a tenth of a second, wall clock around
 * the submissions. Keys, values and queries are the same seeded numbers at every size; only the tables change.
 * The bytes one call must read (every key and value once, and the queries) give its effective bandwidth.
 */
import { gpuAttentionTimer, type GpuContext } from '../engine/bench-entry';

export interface BlockSizeSetup {
  name: string;
  N: number;
  K: number;
  H: number;
  B: number;
  S: number;
}

export interface BlockSizePoint {
  blockSize: number;
  seconds: number;
  /** Keys and values of every sequence read once, and the queries, in f32. */
  bytes: number;
}

export interface BlockSizeReport {
  adapter: GpuContext['adapter'];
  method: string;
  runs: { setup: BlockSizeSetup; points: BlockSizePoint[] }[];
}

const BLOCK_SIZES = [1, 2, 4, 8, 16, 32, 64, 128];

/** Llama 2 13B's heads (the lecture's example) and Llama 3 8B's grouped ones, at a full batch and a long context. */
const SETUPS: BlockSizeSetup[] = [
  { name: 'Llama 2 13B heads', N: 40, K: 40, H: 128, B: 16, S: 2048 },
  { name: 'Llama 3 8B heads', N: 32, K: 8, H: 128, B: 32, S: 4096 },
];
const TINY: BlockSizeSetup[] = [{ name: 'tiny', N: 4, K: 2, H: 16, B: 2, S: 64 }];

const TARGET_SECONDS = 0.1;

export async function blockSizeBench(
  acquire: () => Promise<GpuContext>,
  { tiny, log }: { tiny: boolean; log: (line: string) => void },
): Promise<BlockSizeReport> {
  const ctx = await acquire();
  const runs: BlockSizeReport['runs'] = [];
  for (const setup of tiny ? TINY : SETUPS) {
    const { B, S, N, K, H } = setup;
    const timer = await gpuAttentionTimer(
      ctx.device,
      { B, S, N, K, H, blockSizes: BLOCK_SIZES, seed: 1 },
      TARGET_SECONDS,
    );
    const bytes = (2 * B * S * K * H + B * N * H) * 4;
    const points: BlockSizePoint[] = [];
    try {
      for (const blockSize of BLOCK_SIZES) {
        const seconds = await timer.time(blockSize);
        points.push({ blockSize, seconds, bytes });
        log(
          `${setup.name}, B ${B}, S ${S}, blocks of ${blockSize}: ${(seconds * 1e6).toFixed(1)} µs, ` +
            `${(bytes / seconds / 1e9).toFixed(0)} GB/s`,
        );
      }
    } finally {
      timer.destroy();
    }
    runs.push({ setup, points });
  }
  ctx.device.destroy();
  return {
    adapter: ctx.adapter,
    method: 'median of three timings, each repeated in one compute pass for at least 0.1 s, wall clock',
    runs,
  };
}
