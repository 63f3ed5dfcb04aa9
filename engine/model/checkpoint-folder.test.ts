import { describe, expect, it } from 'vitest';
import { CHECKPOINTS } from '../testing/checkpoint-fixtures';
import { readRepoFile } from '../testing/shipped-target';
import { CheckpointError, openCheckpoint, readCheckpointWeights } from './checkpoint-folder';

const SHARDED = ['config.json', 'tokenizer.json', 'model.safetensors.index.json'].concat(
  [1, 2, 3, 4].map((n) => `model-0000${n}-of-00004.safetensors`),
);

/** The sharded Llama 2 checkpoint as a picked folder, with some files replaced or left out. */
function sharded(changes: Record<string, Blob | null> = {}) {
  const files = new Map<string, Blob>();
  for (const name of SHARDED)
    files.set(name, new Blob([readRepoFile(`${CHECKPOINTS}/llama2-sharded/${name}`)]));
  for (const [name, blob] of Object.entries(changes)) {
    if (blob) files.set(name, blob);
    else files.delete(name);
  }
  return files;
}

const index = () =>
  JSON.parse(readRepoFile(`${CHECKPOINTS}/llama2-sharded/model.safetensors.index.json`).toString());
const json = (value: unknown) => new Blob([JSON.stringify(value)]);

describe('openCheckpoint', () => {
  it('reads a sharded folder: its config, headers, stored bytes and dtypes, without its data', async () => {
    const opened = await openCheckpoint(sharded());
    expect(opened.shards).toEqual(SHARDED.slice(3));
    expect(opened.dtypes).toEqual(['F16']);
    expect(opened.storedBytes).toBe(index().metadata.total_size);
    expect(opened.config).toMatchObject({ numLayers: 2, tieWordEmbeddings: false });
    const weights = await readCheckpointWeights(opened);
    expect(weights.lmHead).not.toBe(weights.embed);
  });

  it('names what a folder lacks', async () => {
    await expect(openCheckpoint(sharded({ 'config.json': null }))).rejects.toThrow(
      'the folder has no config.json',
    );
    await expect(openCheckpoint(sharded({ 'tokenizer.json': null }))).rejects.toThrow(
      'the folder has no tokenizer.json',
    );
    await expect(openCheckpoint(sharded({ 'model-00002-of-00004.safetensors': null }))).rejects.toThrow(
      /model\.safetensors\.index\.json puts tensor "[^"]+" in "model-00002-of-00004\.safetensors", which is not in the folder/,
    );
    const noWeights = sharded({ 'model.safetensors.index.json': null });
    await expect(openCheckpoint(noWeights)).rejects.toThrow(CheckpointError);
    await expect(openCheckpoint(noWeights)).rejects.toThrow('the folder has neither model.safetensors nor');
  });

  it('refuses an index that disagrees with its shards, naming the tensor and the file', async () => {
    const moved = index();
    moved.weight_map['model.norm.weight'] = 'model-00001-of-00004.safetensors';
    await expect(openCheckpoint(sharded({ 'model.safetensors.index.json': json(moved) }))).rejects.toThrow(
      /^model-0000\d-of-00004\.safetensors: tensor "[^"]+" (is missing, though|is here, but)/,
    );
    const unlisted = index();
    delete unlisted.weight_map['model.norm.weight'];
    await expect(openCheckpoint(sharded({ 'model.safetensors.index.json': json(unlisted) }))).rejects.toThrow(
      'tensor "model.norm.weight" is here, but model.safetensors.index.json does not list it here',
    );
    await expect(openCheckpoint(sharded({ 'model.safetensors.index.json': json({}) }))).rejects.toThrow(
      'model.safetensors.index.json has no "weight_map" object',
    );
  });

  it('refuses a shard cut short, naming the shard, before reading any tensor', async () => {
    const shard = readRepoFile(`${CHECKPOINTS}/llama2-sharded/model-00003-of-00004.safetensors`);
    const cut = sharded({
      'model-00003-of-00004.safetensors': new Blob([shard.subarray(0, shard.length - 10)]),
    });
    await expect(openCheckpoint(cut)).rejects.toThrow(/^model-00003-of-00004\.safetensors: /);
  });
});
