// The run's prompts under the shipped target's own tokenizer: each fits one prefill, each request after the first
// shares exactly the system prompt's whole blocks, and each ends inside a block, so that the samples forked from it
// share a partly filled block and the first decode shows copy-on-write; the largest run fits the pool.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from '@engine/index';
import { PAGE_SHAPE, PAGE_SLIDERS, QUESTIONS, SYSTEM_PROMPT } from './page-plan';

const tokenizer = BpeTokenizer.fromJson(
  JSON.parse(readFileSync('public/models/prose-target/tokenizer.json', 'utf8')),
);

describe('the page-table run', () => {
  const system = tokenizer.encode(SYSTEM_PROMPT).length;
  const prompts = QUESTIONS.map((q) => system + tokenizer.encode(q).length);
  const { blockSize, numBlocks, maxTokens } = PAGE_SHAPE;

  it('has prompts that fit one prefill and end inside a block, the questions starting with tokens of their own', () => {
    expect(system).toBe(25);
    expect(prompts).toEqual([33, 34, 33]);
    for (const n of prompts) {
      expect(n).toBeLessThanOrEqual(maxTokens);
      expect(n % blockSize).not.toBe(0);
    }
    expect(new Set(QUESTIONS.map((q) => tokenizer.encode(q)[0])).size).toBe(QUESTIONS.length);
  });

  it('fits the largest run in the pool', () => {
    const steps = PAGE_SLIDERS.steps.max;
    const samples = PAGE_SLIDERS.samples.max;
    const shared = Math.floor(system / blockSize);
    const own = prompts.map((n) => Math.ceil((n + steps) / blockSize) - shared);
    // Each extra sample copies the shared last block and takes blocks for its own tokens.
    const last = prompts.at(-1)!;
    const perSample = Math.ceil((last + steps) / blockSize) - Math.floor(last / blockSize);
    expect(shared + own.reduce((a, b) => a + b, 0) + (samples - 1) * perSample).toBeLessThanOrEqual(
      numBlocks,
    );
  });
});
