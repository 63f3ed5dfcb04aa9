// What a prefix-sharing run asks for, and that every setting the controls make fits the session: counted with the
// shipped target's tokenizer, each request's prompt fits one forward and the model's context, and every request of
// the largest setting fits the KV pool at once with the prefix cache off (when they hold the most).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from '@engine/index';
import { targetModel } from '../testing/target-model';
import { TEST_CPU, testAdapter } from '../testing/probes';
import {
  clampSettings,
  CPU_OFFER,
  DEFAULT_SETTINGS,
  PREFIX_SHAPE,
  prefixPlan,
  SLIDERS,
  SYSTEM_OPTIONS,
} from './prefix-plan';
import { QUESTIONS, SYSTEM_PROMPTS } from './prompt-texts';

const tokenizer = BpeTokenizer.fromJson(
  JSON.parse(readFileSync('public/models/prose-target/tokenizer.json', 'utf8')),
);

describe('what a prefix-sharing run asks for', () => {
  it('puts the first questions after the chosen system prompt', () => {
    const plan = prefixPlan({ requests: 3, system: 'sentence', newTokens: 2 });
    expect(plan).toEqual({
      system: SYSTEM_PROMPTS[0]!.text,
      questions: QUESTIONS.slice(0, 3),
      newTokens: 2,
    });
    expect(prefixPlan(DEFAULT_SETTINGS).questions).toHaveLength(6);
  });

  it('labels each system prompt with its words', () => {
    expect(SYSTEM_OPTIONS).toEqual([
      { value: 'sentence', label: 'One sentence, 18 words' },
      { value: 'paragraph', label: 'A paragraph, 48 words' },
      { value: 'brief', label: 'A fuller brief, 98 words' },
    ]);
  });

  it('cuts the run on the CPU fallback, saying what it cut, and serves what is asked on a GPU', () => {
    expect(clampSettings(TEST_CPU, DEFAULT_SETTINGS)).toEqual({
      settings: { requests: 3, system: 'paragraph', newTokens: 2 },
      note: 'On the CPU the run is cut to 3 requests, the 48-word system prompt and 2 tokens generated per request.',
    });
    const small = { requests: 2, system: 'sentence', newTokens: 8 } as const;
    expect(clampSettings(TEST_CPU, small)).toEqual({
      settings: { ...small, newTokens: 2 },
      note: 'On the CPU the run is cut to 2 tokens generated per request.',
    });
    expect(clampSettings(TEST_CPU, { ...small, newTokens: 2 }).note).toBe('');
    expect(clampSettings(testAdapter(2 ** 28), DEFAULT_SETTINGS)).toEqual({
      settings: DEFAULT_SETTINGS,
      note: '',
    });
    expect(CPU_OFFER).toBe(
      'the run is cut to at most 3 requests and 2 tokens generated per request, with system prompts up to 48 words',
    );
  });

  it('fits every request of the largest setting in one forward, the context and, all at once, the pool', () => {
    const { blockSize, numBlocks, maxTokens } = PREFIX_SHAPE;
    for (const { id } of SYSTEM_PROMPTS) {
      const plan = prefixPlan({
        requests: SLIDERS.requests.max,
        system: id,
        newTokens: SLIDERS.newTokens.max,
      });
      const system = tokenizer.encode(plan.system);
      const prompts = plan.questions.map((q) => system.length + tokenizer.encode(q).length);
      // The last token generated is never fed back, so it takes no place in the cache.
      const written = prompts.map((p) => p + plan.newTokens - 1);
      expect(Math.max(...prompts)).toBeLessThanOrEqual(maxTokens);
      expect(Math.max(...written)).toBeLessThanOrEqual(targetModel.config.maxPositions);
      const blocks = written.reduce((sum, w) => sum + Math.ceil(w / blockSize), 0);
      expect(blocks).toBeLessThanOrEqual(numBlocks);
      if (id === 'brief') expect(blocks).toBe(numBlocks);
    }
  });
});
