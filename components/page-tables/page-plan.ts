/**
 * What lesson 8's page-table run asks the engine for (the page-tables job): requests that open with the same
 * system prompt, the last sampled several ways, on a small pool of small blocks so that every block can be drawn.
 * The prompts are the project's own: the shipped model was trained on prose, not instructions, so the "system
 * prompt" is a preamble every request continues.
 */
import type { PageTablesRequest, SessionShape } from '@engine/index';

export interface PageSettings {
  /** Requests that arrive, the last of them sampled `samples` ways. */
  requests: number;
  samples: number;
  /** Decode steps every live sequence takes together. */
  steps: number;
  temperature: number;
  seed: number;
}

export const DEFAULT_PAGE_SETTINGS: PageSettings = {
  requests: 2,
  samples: 3,
  steps: 6,
  temperature: 0.9,
  seed: 3,
};

export const PAGE_SLIDERS = {
  requests: { min: 1, max: 3 },
  samples: { min: 1, max: 4 },
  steps: { min: 1, max: 8, unit: 'tokens' },
  temperature: { min: 0, max: 1.5, step: 0.05 },
  seed: { min: 1, max: 999 },
} as const;

export const SYSTEM_PROMPT = 'These letters were written from Highbury in the spring of that year, and kept.';

/** The requests' own openings, each after the system prompt, in order of arrival. */
export const QUESTIONS = [
  ' My dear Emma, I write',
  ' Dear Sir, your letter came',
  ' To Miss Woodhouse, with',
] as const;

/**
 * 40 blocks of 4 tokens: small enough that each block is a cell on a phone, big enough for the largest run (three
 * requests of 33 or 34 prompt tokens sharing the system prompt's blocks, four samples, eight steps). A prefill carries
 * one prompt; a decode step one row per live sequence.
 */
export const PAGE_SHAPE: SessionShape = { numBlocks: 40, blockSize: 4, maxTokens: 64, maxLogitRows: 8 };

export function pageRequest(settings: PageSettings): PageTablesRequest {
  return {
    system: SYSTEM_PROMPT,
    questions: QUESTIONS.slice(0, settings.requests),
    samples: settings.samples,
    steps: settings.steps,
    temperature: settings.temperature,
    seed: settings.seed,
  };
}
