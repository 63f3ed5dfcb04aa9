/**
 * What the memory map asks the engine for: one seeded burst of requests (all arriving at once, so both runs face
 * the same queue and step k of either is its k-th forward), served by the shipped model with continuous batching
 * twice, first from contiguous reservations, then from paged blocks, in a KV pool small enough that the way it is
 * handed out decides how many requests run. On the CPU fallback the stream and the pool are cut smaller, saying so.
 */
import type {
  LengthDistribution,
  ProbeResult,
  ServeRun,
  ServeStreamRequest,
  SessionShape,
} from '@engine/index';
import { formatInteger } from '../charts/format';

/** The reader's settings. */
export interface MemorySettings {
  requests: number;
  /** Mean tokens generated per request. */
  outputMean: number;
  slots: number;
  seed: number;
}

export const DEFAULT_SETTINGS: MemorySettings = { requests: 16, outputMean: 16, slots: 8, seed: 1 };

/** The sliders' ranges. */
export const SLIDERS = {
  requests: { min: 4, max: 32 },
  outputMean: { min: 4, max: 48, step: 4, unit: 'tokens' },
  slots: { min: 1, max: 8 },
  seed: { min: 1, max: 999 },
} as const;

/** Contiguous first, then paged; continuous batching both times. */
export const MEMORY_RUNS: readonly ServeRun[] = [
  { policy: 'continuous', reservation: 'contiguous' },
  { policy: 'continuous', reservation: 'paged' },
];

/** Every prompt has at least this many tokens. */
export const SHORTEST_PROMPT = 8;
/** An output stops at this many times its mean. */
export const OUTPUT_CAP = 4;
/** Tokens one step processes at most, decodes included; a longer prompt runs alone. */
export const TOKEN_BUDGET = 64;

/** The stream's prompts and the session's KV pool on one kind of device. */
interface Device {
  longestPrompt: number;
  shape: SessionShape;
}

/**
 * On a GPU: prompts of up to 48 tokens, and a pool of 32 blocks of 8 tokens, the model's whole context of 256. It
 * holds the longest request the sliders make (48 prompt tokens and 4 × 48 generated), and a forward recomputes it
 * whole, but the default burst's eight slots cannot all reserve their longest at once.
 */
export const GPU_DEVICE: Device = {
  longestPrompt: 48,
  shape: { numBlocks: 32, blockSize: 8, maxTokens: 256, maxLogitRows: SLIDERS.slots.max },
};

/**
 * On the CPU: a few short requests (a CPU prefills at tens of ms per token) in a pool of 12 blocks of 4 tokens,
 * which holds the longest (12 prompt tokens and 4 × 8 generated); small blocks, since the requests are short.
 */
export const CPU_DEVICE: Device = {
  longestPrompt: 12,
  shape: { numBlocks: 12, blockSize: 4, maxTokens: TOKEN_BUDGET, maxLogitRows: SLIDERS.slots.max },
};

/** The most the CPU fallback serves. */
export const CPU_LIMITS = { requests: 6, outputMean: 8 } as const;

/** One run of the widget: the session's shape and what the serve-stream job is asked, but the text. */
export interface MemoryPlan {
  shape: SessionShape;
  /** Prompt lengths are uniform, from SHORTEST_PROMPT to the device's longest. */
  serve: Omit<ServeStreamRequest, 'text'> & {
    stream: { promptTokens: Extract<LengthDistribution, { kind: 'uniform' }> };
  };
}

export interface PlannedMemory {
  plan: MemoryPlan;
  /** What the CPU cut, or ''. */
  note: string;
}

/** The plan the settings make on this device: on the CPU fallback the stream cut to CPU_LIMITS, saying what. */
export function memoryPlan(probe: ProbeResult | undefined, asked: MemorySettings): PlannedMemory {
  const cpu = probe?.backend === 'cpu';
  const { longestPrompt, shape } = cpu ? CPU_DEVICE : GPU_DEVICE;
  const s = cpu
    ? {
        ...asked,
        requests: Math.min(asked.requests, CPU_LIMITS.requests),
        outputMean: Math.min(asked.outputMean, CPU_LIMITS.outputMean),
      }
    : asked;
  const cuts = [
    s.requests < asked.requests && `${formatInteger(s.requests)} requests`,
    s.outputMean < asked.outputMean && `outputs of ${formatInteger(s.outputMean)} tokens on average`,
  ].filter((cut): cut is string => typeof cut === 'string');
  const plan: MemoryPlan = {
    shape,
    serve: {
      stream: {
        seed: s.seed,
        requests: s.requests,
        rate: Infinity,
        promptTokens: { kind: 'uniform', min: SHORTEST_PROMPT, max: longestPrompt },
        outputTokens: { kind: 'geometric', mean: s.outputMean, max: OUTPUT_CAP * s.outputMean },
      },
      scheduler: { slots: s.slots, tokenBudget: TOKEN_BUDGET, chunkedPrefill: false, staticTimeout: 0 },
      runs: [...MEMORY_RUNS],
    },
  };
  return { plan, note: cuts.length ? `On the CPU the stream is cut to ${cuts.join(' and ')}.` : '' };
}
