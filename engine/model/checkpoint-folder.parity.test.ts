// Checkpoints in the layouts people ship, written by transformers, read from their folders onto the CPU backend:
// the logits at every position of a validation prompt match PyTorch's (Llama 3's RoPE scaling, Qwen2's biases,
// Llama 2's sharded f16 files with an untied head, Mistral's sliding window).
import { describe, expect, it } from 'vitest';
import { createSession } from '../create-session';
import {
  CHECKPOINT_LAYOUTS,
  CHECKPOINT_LOGIT_TOLERANCE,
  CHECKPOINT_SHAPE,
  CHECKPOINTS,
  checkpointFolder,
} from '../testing/checkpoint-fixtures';
import { readRepoFile, readRepoJson } from '../testing/shipped-target';
import { fixtureLogits, maxAbsDifference, type LogitsFixture } from './parity-fixtures';

describe.each(CHECKPOINT_LAYOUTS)('the %s checkpoint on the CPU backend', (layout) => {
  it('gives the logits PyTorch gives at every position', async () => {
    const fixture = readRepoJson(`${CHECKPOINTS}/${layout}.logits.json`) as LogitsFixture & {
      files: string[];
    };
    const files = await checkpointFolder(
      fixture.files,
      async (path) => new Blob([readRepoFile(path)]),
      layout,
    );
    const { runner, info } = await createSession({
      model: { kind: 'folder', files },
      shape: CHECKPOINT_SHAPE,
      backend: 'cpu',
    });
    const [logits] = await runner.forward([{ seq: runner.create(), tokens: fixture.ids, logits: 'all' }]);
    expect(fixture.shape).toEqual([fixture.ids.length, info.config.vocabSize]);
    expect(maxAbsDifference(logits!, fixtureLogits(fixture))).toBeLessThan(CHECKPOINT_LOGIT_TOLERANCE);
  });
});
