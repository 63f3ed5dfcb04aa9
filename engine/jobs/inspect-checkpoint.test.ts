import { describe, expect, it } from 'vitest';
import { CPU_MEMORY_BUDGET } from '../model/footprint';
import { CHECKPOINTS, checkpointFolder } from '../testing/checkpoint-fixtures';
import { readRepoFile, readRepoJson } from '../testing/shipped-target';
import { inspectCheckpointJob } from './inspect-checkpoint';

const cpu = {
  maxStorageBufferBindingSize: Infinity,
  maxBufferSize: Infinity,
  memoryBudget: CPU_MEMORY_BUDGET,
};

async function folder(layout: 'qwen2-bias' | 'llama2-sharded') {
  const { files } = readRepoJson(`${CHECKPOINTS}/${layout}.logits.json`) as { files: string[] };
  return checkpointFolder(files, async (path) => new Blob([readRepoFile(path)]), layout);
}

const read = async (files: Awaited<ReturnType<typeof folder>>, limits = cpu) =>
  inspectCheckpointJob.run(undefined, { files, limits }, () => {}, new AbortController().signal);

async function run(files: Awaited<ReturnType<typeof folder>>) {
  const reading = await read(files);
  if ('refusal' in reading) throw new Error(reading.refusal);
  return reading.inspection;
}

describe('the inspect-checkpoint job', () => {
  it("says a Qwen2 folder's family, storage, tokenizer and fit, counting its biases", async () => {
    const inspection = await run(await folder('qwen2-bias'));
    expect(inspection).toMatchObject({ family: 'qwen2', shards: ['model.safetensors'], dtypes: ['BF16'] });
    expect(inspection.tokenizerVocabulary).toBe(2048);
    // Tied: the embedding 2,048 × 64; a layer: q and o 64 × 64, k and v 32 × 64, biases 64 + 32 + 32, the MLP
    // 3 × 64 × 176, two norms of 64; the final norm 64. KV: 2 layers × 2 heads × 16, keys and values, f32.
    const layer = 2 * 64 * 64 + 2 * 32 * 64 + (64 + 32 + 32) + 3 * 64 * 176 + 2 * 64;
    expect(inspection.fits.f32.parameters).toBe(2048 * 64 + 2 * layer + 64);
    expect(inspection.storedBytes).toBe(2 * inspection.fits.f32.parameters);
    expect(inspection.fits.f32).toMatchObject({ largestContext: 512, kvBytesPerToken: 2 * 2 * 16 * 2 * 4 });
  });

  it("reads Llama 2's SentencePiece-layout tokenizer.json (▁ for spaces, byte fallback)", async () => {
    const files = new Map(await folder('llama2-sharded'));
    const tokenizer = readRepoFile('training/fixtures/tokenizers/llama2-legacy/tokenizer.json');
    files.set('tokenizer.json', new Blob([tokenizer]));
    const inspection = await run(files);
    expect(inspection).toMatchObject({ family: 'llama', tokenizerVocabulary: 2048 });
  });

  it('refuses a folder the engine cannot run, naming the file', async () => {
    const files = new Map(await folder('llama2-sharded'));
    files.delete('model-00004-of-00004.safetensors');
    expect(await read(files)).toEqual({ refusal: expect.stringMatching(/which is not in the folder/) });
  });
});
