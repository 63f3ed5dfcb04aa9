// Checkpoints written by transformers, read from their folders as a picked folder is (a tensor at a time from Blobs)
// onto the WebGPU backend: the logits at every position of a validation prompt match PyTorch's. The layouts whose
// forward differs on the GPU: Llama 3's RoPE scaling (its tables) and Qwen2's biases (their kernel). The loader's
// other layouts (shards, f16 and f32 files, a sliding window) are the CPU test's; each session here compiles its
// pipelines again, about ten seconds on SwiftShader.
import { describe, expect, it } from 'vitest';
import { createSession } from '../create-session';
import { fixtureLogits, maxAbsDifference, type LogitsFixture } from '../model/parity-fixtures';
import {
  CHECKPOINT_LOGIT_TOLERANCE,
  CHECKPOINT_SHAPE,
  CHECKPOINTS,
  checkpointFolder,
} from '../testing/checkpoint-fixtures';

/** Every fixture file's URL on the test server, by its path in the repository. */
const urls = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>('../../training/fixtures/checkpoints/**/*', {
      query: '?url',
      import: 'default',
      eager: true,
    }),
  ).map(([path, url]) => [path.replace('../../', ''), url]),
);

async function load(path: string): Promise<Blob> {
  const response = await fetch(urls[path]!);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.blob();
}

describe.each(['llama3-scaled', 'qwen2-bias'] as const)(
  'the %s checkpoint on the WebGPU backend',
  (layout) => {
    it('gives the logits PyTorch gives at every position', async () => {
      const fixture = JSON.parse(
        await (await load(`${CHECKPOINTS}/${layout}.logits.json`)).text(),
      ) as LogitsFixture & {
        files: string[];
      };
      const files = await checkpointFolder(fixture.files, load, layout);
      const { runner, info, destroy } = await createSession({
        model: { kind: 'folder', files },
        shape: CHECKPOINT_SHAPE,
        backend: 'auto',
      });
      expect(info.backend).toBe('webgpu');
      const [logits] = await runner.forward([{ seq: runner.create(), tokens: fixture.ids, logits: 'all' }]);
      destroy();
      expect(maxAbsDifference(logits!, fixtureLogits(fixture))).toBeLessThan(CHECKPOINT_LOGIT_TOLERANCE);
    });
  },
);
