// The generate job on a reader's Llama 2 folder (sharded f16 weights, a SentencePiece-layout tokenizer.json whose
// template starts every text with <s>): the prompt goes in after that BOS, as transformers encodes a prompt.
import { describe, expect, it } from 'vitest';
import { createSession } from '../create-session';
import { BpeTokenizer } from '../model/bpe-tokenizer';
import { CHECKPOINT_SHAPE, CHECKPOINTS, checkpointFolder } from '../testing/checkpoint-fixtures';
import { readRepoFile, readRepoJson } from '../testing/shipped-target';
import { generateJob, type GeneratedStep } from './generate';

const TOKENIZER = 'training/fixtures/tokenizers/llama2-legacy/tokenizer.json';

describe('the generate job', () => {
  it("feeds the tokenizer's prompt prefix (Llama 2's BOS) before the prompt", async () => {
    const { files: names } = readRepoJson(`${CHECKPOINTS}/llama2-sharded.logits.json`) as { files: string[] };
    const files = new Map(
      await checkpointFolder(names, async (path) => new Blob([readRepoFile(path)]), 'llama2-sharded'),
    );
    files.set('tokenizer.json', new Blob([readRepoFile(TOKENIZER)]));
    const session = await createSession({
      model: { kind: 'folder', files },
      shape: CHECKPOINT_SHAPE,
      backend: 'cpu',
    });
    const prompt = 'It is a truth universally acknowledged';
    const steps: GeneratedStep[] = [];
    const request = { prompt, maxTokens: 3, temperature: 0, seed: 1 };
    await generateJob.run(
      session,
      request,
      ({ partial }) => partial && steps.push(partial),
      new AbortController().signal,
    );

    const tokenizer = BpeTokenizer.fromJson(JSON.parse(readRepoFile(TOKENIZER).toString('utf8')));
    expect(tokenizer.promptPrefix).toEqual([1]);
    expect(steps.map((s) => s.tokensIn)).toEqual([1 + tokenizer.encode(prompt).length, 1, 1]);
  });
});
