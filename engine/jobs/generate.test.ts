// The generate job on a reader's Llama 2 folder (sharded f16 weights, a SentencePiece-layout tokenizer.json whose
// template starts every text with <s>): the prompt goes in after that BOS, as transformers encodes a prompt, and
// generation ends at config.json's end-of-text token, which the text leaves out.
import { describe, expect, it } from 'vitest';
import { llama2Session, llama2Tokenizer } from '../testing/llama2-folder';
import { generateJob, type GeneratedStep } from './generate';

const prompt = 'It is a truth universally acknowledged';

/** The steps of a greedy run of `maxTokens` on the Llama 2 folder, its config.json's eos_token_id set to `eos`. */
async function greedySteps(eos: number | null, maxTokens: number): Promise<GeneratedStep[]> {
  const session = await llama2Session({ eos_token_id: eos });
  const steps: GeneratedStep[] = [];
  const request = { prompt, maxTokens, temperature: 0, seed: 1 };
  await generateJob.run(
    session,
    request,
    ({ partial }) => partial && steps.push(partial),
    new AbortController().signal,
  );
  return steps;
}

describe('the generate job', () => {
  it("feeds the tokenizer's prompt prefix (Llama 2's BOS) before the prompt", async () => {
    const steps = await greedySteps(null, 3);
    const tokenizer = llama2Tokenizer();
    expect(tokenizer.promptPrefix).toEqual([1]);
    expect(steps.map((s) => s.tokensIn)).toEqual([1 + tokenizer.encode(prompt).length, 1, 1]);
  });

  it('stops at the end-of-text token and leaves it out of the text', async () => {
    const free = await greedySteps(null, 3);
    const tokenizer = llama2Tokenizer();
    // Make the second token generated the end of text: the run stops there, its text the first token's alone.
    const second = tokenizer.encode(free[1]!.text).at(-1);
    expect(second).toBeDefined();
    const stopped = await greedySteps(second!, 3);
    expect(stopped).toHaveLength(2);
    expect(stopped[1]!.text).toBe(free[0]!.text);
  });
});
