/**
 * What one serving run asks the engine for (the serve-stream job): a seeded stream of requests, Poisson arrivals
 * at a rate, prompt lengths uniform up to the longest chosen, output lengths geometric with a chosen mean, served by
 * the shipped target under static batching and then continuous batching with the same slots. The session's KV pool
 * holds the longest request any stream of the sliders can make, so every stream is servable. On the CPU fallback the
 * stream is cut shorter, saying so; the text the prompts are cut from is added when the run starts.
 */
import type { BatchingPolicy, ProbeResult, ServeStreamRequest, SessionShape } from '@engine/index';
import { formatInteger, listed } from '../charts/format';

/** What the run asks for but the text its prompts are cut from. */
export type ServePlan = Omit<ServeStreamRequest, 'text'>;

/** The reader's settings. */
export interface ServeSettings {
  requests: number;
  /** Mean arrivals per second. */
  rate: number;
  /** Mean tokens generated per request. */
  outputMean: number;
  longestPrompt: number;
  slots: number;
  seed: number;
  chunkedPrefill: boolean;
}

export const DEFAULT_SETTINGS: ServeSettings = {
  requests: 12,
  rate: 50,
  outputMean: 16,
  longestPrompt: 48,
  slots: 4,
  seed: 1,
  chunkedPrefill: false,
};

/** The sliders' ranges. A GPU step of the shipped model takes a few milliseconds, a CPU step tens of them. */
export const SLIDERS = {
  requests: { min: 4, max: 32 },
  rate: { ticks: [1, 2, 5, 10, 20, 50, 100, 200, 500] },
  outputMean: { min: 2, max: 48, step: 2, unit: 'tokens' },
  longestPrompt: { min: 8, max: 64, step: 8, unit: 'tokens' },
  slots: { min: 1, max: 8 },
  seed: { min: 1, max: 999 },
} as const;

/** Every prompt has at least this many tokens. */
export const SHORTEST_PROMPT = 8;
/** An output stops at this many times its mean: the geometric tail, cut where the context ends. */
export const OUTPUT_CAP = 4;
/** Tokens one step processes at most, decodes included; a longer prompt runs alone unless prefill is chunked. */
export const TOKEN_BUDGET = 64;
/** Static batching starts a batch smaller than the slots once its first request has waited this long. */
export const STATIC_TIMEOUT_S = 0.02;
export const POLICIES: readonly BatchingPolicy[] = ['static', 'continuous'];

/**
 * 48 blocks of 16 tokens: the longest request (64 prompt tokens and 4 × 48 generated, the model's whole context of
 * 256) takes 16, and the default stream's four slots about 12, so the pool has room to spare by default and fills
 * with eight slots of long outputs (then the scheduler preempts). A forward carries up to 256 tokens, what a
 * preempted request recomputes; a step reads one row of logits per slot.
 */
export const SERVE_SHAPE: SessionShape = {
  numBlocks: 48,
  blockSize: 16,
  maxTokens: 256,
  maxLogitRows: SLIDERS.slots.max,
};

/** The most the CPU fallback serves: a few short requests (a CPU prefills a prompt at tens of ms per token). */
export const CPU_LIMITS = { requests: 6, outputMean: 8, longestPrompt: 24 } as const;

export interface ClampedSettings {
  settings: ServeSettings;
  /** What the CPU cut, or ''. */
  note: string;
}

/** The settings served here: those asked, cut to CPU_LIMITS on the CPU fallback, saying what was cut. */
export function clampSettings(probe: ProbeResult | undefined, asked: ServeSettings): ClampedSettings {
  if (probe?.backend !== 'cpu') return { settings: asked, note: '' };
  const settings = {
    ...asked,
    requests: Math.min(asked.requests, CPU_LIMITS.requests),
    outputMean: Math.min(asked.outputMean, CPU_LIMITS.outputMean),
    longestPrompt: Math.min(asked.longestPrompt, CPU_LIMITS.longestPrompt),
  };
  const cuts = [
    settings.requests < asked.requests && `${formatInteger(settings.requests)} requests`,
    settings.outputMean < asked.outputMean &&
      `outputs of ${formatInteger(settings.outputMean)} tokens on average`,
    settings.longestPrompt < asked.longestPrompt &&
      `prompts of at most ${formatInteger(settings.longestPrompt)} tokens`,
  ].filter((cut): cut is string => typeof cut === 'string');
  return { settings, note: cuts.length ? `On the CPU the stream is cut to ${listed(cuts)}.` : '' };
}

/** The stream and the scheduler the settings make, served under both policies, each from paged blocks. */
export function servePlan(s: ServeSettings): ServePlan {
  return {
    stream: {
      seed: s.seed,
      requests: s.requests,
      rate: s.rate,
      promptTokens: { kind: 'uniform', min: SHORTEST_PROMPT, max: s.longestPrompt },
      outputTokens: { kind: 'geometric', mean: s.outputMean, max: OUTPUT_CAP * s.outputMean },
    },
    scheduler: {
      slots: s.slots,
      tokenBudget: TOKEN_BUDGET,
      chunkedPrefill: s.chunkedPrefill,
      staticTimeout: STATIC_TIMEOUT_S,
    },
    runs: POLICIES.map((policy) => ({ policy, reservation: 'paged' })),
  };
}
