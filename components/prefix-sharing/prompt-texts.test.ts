// The requests' words under the shipped target's own tokenizer: no two questions share a first token, so what the
// requests have in common is the system prompt's tokens and nothing more; the prompts grow one from the next.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from '@engine/index';
import { QUESTIONS, SYSTEM_PROMPTS } from './prompt-texts';

const tokenizer = BpeTokenizer.fromJson(
  JSON.parse(readFileSync('public/models/prose-target/tokenizer.json', 'utf8')),
);

describe('the system prompts and questions', () => {
  it('starts every question with its own letter and its own token', () => {
    expect(new Set(QUESTIONS.map((q) => q.trimStart()[0])).size).toBe(QUESTIONS.length);
    expect(new Set(QUESTIONS.map((q) => tokenizer.encode(q)[0])).size).toBe(QUESTIONS.length);
  });

  it('makes each system prompt the one before with more added, in tokens 32, 91 and 173', () => {
    const tokens = SYSTEM_PROMPTS.map((p) => tokenizer.encode(p.text));
    expect(tokens.map((t) => t.length)).toEqual([32, 91, 173]);
    expect(SYSTEM_PROMPTS[2]!.text.startsWith(SYSTEM_PROMPTS[1]!.text)).toBe(true);
    expect(Math.max(...QUESTIONS.map((q) => tokenizer.encode(q).length))).toBe(14);
  });
});
