/**
 * What one prefix-sharing run asks the engine for (the prefix-share job): the first n questions, each after the
 * system prompt chosen, served with the prefix cache off and then on, each generating a few tokens. The session's KV
 * pool holds every request of the largest setting resident at once with the cache off. On the CPU fallback the run
 * is cut smaller, saying so.
 */
import type { PrefixShareRequest, ProbeResult, SessionShape } from '@engine/index';
import { formatInteger, listed } from '../charts/format';
import { QUESTIONS, SYSTEM_PROMPTS, type SystemPromptId } from './prompt-texts';

/** The reader's settings. */
export interface PrefixSettings {
  requests: number;
  system: SystemPromptId;
  /** Tokens each request generates. */
  newTokens: number;
}

export const DEFAULT_SETTINGS: PrefixSettings = { requests: 6, system: 'brief', newTokens: 4 };

export const SLIDERS = {
  requests: { min: 2, max: QUESTIONS.length },
  newTokens: { min: 1, max: 16, unit: 'tokens' },
} as const;

const rank = (id: SystemPromptId) => SYSTEM_PROMPTS.findIndex((p) => p.id === id);
const systemText = (id: SystemPromptId) => SYSTEM_PROMPTS[rank(id)]!.text;
/** A system prompt's length in words. */
const words = (id: SystemPromptId) => formatInteger(systemText(id).split(/\s+/).length);

/** The system prompts as options, each with its length in words (its tokens come back with the result). */
export const SYSTEM_OPTIONS = SYSTEM_PROMPTS.map((p) => ({
  value: p.id,
  label: `${p.name}, ${words(p.id)} words`,
}));

/**
 * 104 blocks of 16 tokens: the longest request (the fuller brief's 173 tokens, 14 of question, and 15 of the 16 it
 * generates fed back: 202 tokens written) takes 13, and eight of them resident at once 104. A prefill forward carries
 * a whole prompt, within the model's context of 256; it reads one row of logits.
 */
export const PREFIX_SHAPE: SessionShape = { numBlocks: 104, blockSize: 16, maxTokens: 256, maxLogitRows: 1 };

/**
 * The most the CPU fallback serves: a CPU prefills at tens of ms per token, so the paragraph's 91 tokens take seconds
 * per request and three requests served twice, after the warm-up, take about a quarter of a minute.
 */
export const CPU_LIMITS: { requests: number; newTokens: number; system: SystemPromptId } = {
  requests: 3,
  newTokens: 2,
  system: 'paragraph',
};

/** What the CPU notice says the fallback offers, as the end of its sentence. */
export const CPU_OFFER =
  `the run is cut to at most ${formatInteger(CPU_LIMITS.requests)} requests and ` +
  `${formatInteger(CPU_LIMITS.newTokens)} tokens generated per request, with system prompts up to ` +
  `${words(CPU_LIMITS.system)} words`;

export interface ClampedSettings {
  settings: PrefixSettings;
  /** What the CPU cut, or ''. */
  note: string;
}

/** The settings served here: those asked, cut to CPU_LIMITS on the CPU fallback, saying what was cut. */
export function clampSettings(probe: ProbeResult | undefined, asked: PrefixSettings): ClampedSettings {
  if (probe?.backend !== 'cpu') return { settings: asked, note: '' };
  const settings: PrefixSettings = {
    requests: Math.min(asked.requests, CPU_LIMITS.requests),
    system: rank(asked.system) > rank(CPU_LIMITS.system) ? CPU_LIMITS.system : asked.system,
    newTokens: Math.min(asked.newTokens, CPU_LIMITS.newTokens),
  };
  const cuts = [
    settings.requests < asked.requests && `${formatInteger(settings.requests)} requests`,
    settings.system !== asked.system && `the ${words(settings.system)}-word system prompt`,
    settings.newTokens < asked.newTokens &&
      `${formatInteger(settings.newTokens)} tokens generated per request`,
  ].filter((cut): cut is string => typeof cut === 'string');
  return { settings, note: cuts.length ? `On the CPU the run is cut to ${listed(cuts)}.` : '' };
}

/** The job's request the settings make. */
export function prefixPlan(s: PrefixSettings): PrefixShareRequest {
  return { system: systemText(s.system), questions: QUESTIONS.slice(0, s.requests), newTokens: s.newTokens };
}
