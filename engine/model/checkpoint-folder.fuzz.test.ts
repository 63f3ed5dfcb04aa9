// Fuzzed checkpoint folders (issue 21, with issue 19's fuzzing): seeded mutations of the sharded Llama 2 fixture that
// transformers wrote (training/fixtures/checkpoints/llama2-sharded) — its index re-pointed, cut or replaced, a shard's
// header bytes changed or the shard cut short — each opened the way a picked folder is (openCheckpoint, then
// readCheckpointWeights). Each must load with every tensor the size its spec says, or be refused with one of the
// project's errors naming the file, before any tensor's data is read. The count is reported as a figure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIGURE } from '../../reporters/unit-figures';
import { CHECKPOINTS } from '../testing/checkpoint-fixtures';
import { readRepoFile } from '../testing/shipped-target';
import { TokenizerError } from './bpe-tokenizer-json';
import {
  CheckpointError,
  openCheckpoint,
  readCheckpointWeights,
  type FolderFiles,
} from './checkpoint-folder';
import { ConfigError } from './config';
import { SafetensorsError } from './safetensors-header';
import { f32Values } from '../quant/encoded-matrix';
import { tensorOf, tensorSpecs } from './weights';

const INDEX = 'model.safetensors.index.json';
const SHARDS = [1, 2, 3, 4].map((n) => `model-0000${n}-of-00004.safetensors`);
const original = new Map(
  ['config.json', 'tokenizer.json', INDEX, ...SHARDS].map((name) => [
    name,
    new Uint8Array(readRepoFile(`${CHECKPOINTS}/llama2-sharded/${name}`)),
  ]),
);

/** A file's bytes as a Blob that records the ranges read from it. */
class RecordedBlob extends Blob {
  readonly ranges: [number, number][] = [];

  override slice(start = 0, end = this.size, type?: string): Blob {
    this.ranges.push([start, end]);
    return super.slice(start, end, type);
  }
}

/** Where each shard's data section begins in the unmutated files (past its header). */
const dataStart = (bytes: Uint8Array) =>
  8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));

type Mutation = { label: string; apply: (files: Map<string, Uint8Array>) => void };

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const indexJson = () => JSON.parse(new TextDecoder().decode(original.get(INDEX)!));
const tensorNames = Object.keys(indexJson().weight_map as object);

const indexMutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .record({
      tensor: fc.constantFrom(...tensorNames),
      to: fc.constantFrom(...SHARDS, 'model.bin', '', null),
    })
    .map(({ tensor, to }) => ({
      label: `${INDEX}: "${tensor}" → ${JSON.stringify(to)}`,
      apply: (files: Map<string, Uint8Array>) => {
        const json = indexJson();
        json.weight_map[tensor] = to;
        files.set(INDEX, encode(json));
      },
    })),
  fc.constantFrom(...tensorNames).map((tensor) => ({
    label: `${INDEX}: "${tensor}" left out`,
    apply: (files: Map<string, Uint8Array>) => {
      const json = indexJson();
      delete json.weight_map[tensor];
      files.set(INDEX, encode(json));
    },
  })),
  fc.jsonValue({ maxDepth: 2 }).map((value) => ({
    label: `${INDEX} replaced by ${JSON.stringify(value).slice(0, 40)}`,
    apply: (files: Map<string, Uint8Array>) => void files.set(INDEX, encode(value)),
  })),
  fc.constantFrom(INDEX, ...SHARDS).map((name) => ({
    label: `${name} left out`,
    apply: (files: Map<string, Uint8Array>) => void files.delete(name),
  })),
);

const shardMutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .record({ shard: fc.constantFrom(...SHARDS), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) })
    .map(({ shard, at, byte }) => ({
      label: `${shard}: header byte ${at % dataStart(original.get(shard)!)} = ${byte}`,
      apply: (files: Map<string, Uint8Array>) => {
        const bytes = files.get(shard)!.slice();
        bytes[at % dataStart(bytes)] = byte;
        files.set(shard, bytes);
      },
    })),
  fc
    .record({ shard: fc.constantFrom(...SHARDS), keep: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ shard, keep }) => ({
      label: `${shard} cut to ${(keep * 100).toFixed(1)} %`,
      apply: (files: Map<string, Uint8Array>) => {
        const bytes = files.get(shard)!;
        files.set(shard, bytes.subarray(0, Math.floor(keep * (bytes.length - 1))));
      },
    })),
);

/** The folder a mutation makes, with the ranges read from each file. */
function mutated(mutation: Mutation) {
  const bytes = new Map(original);
  mutation.apply(bytes);
  const files = new Map(
    [...bytes].map(([name, b]) => [name, new RecordedBlob([b as Uint8Array<ArrayBuffer>])]),
  );
  return { files: files as FolderFiles, bytes, ranges: (name: string) => files.get(name)!.ranges };
}

const NAMED =
  /^(config\.json|tokenizer\.json|model-0000\d-of-00004\.safetensors|model\.safetensors\.index\.json|the folder)\b/;

async function attempt(mutation: Mutation, tally: { refused: number; valid: number }) {
  const { files, bytes, ranges } = mutated(mutation);
  let opened;
  try {
    opened = await openCheckpoint(files);
  } catch (error) {
    tally.refused++;
    const known = [CheckpointError, SafetensorsError, ConfigError, TokenizerError].some(
      (kind) => error instanceof kind,
    );
    expect(known, `${mutation.label} threw ${String(error)}`).toBe(true);
    expect((error as Error).message, mutation.label).toMatch(NAMED);
    for (const shard of SHARDS.filter((s) => bytes.has(s))) {
      const readFrom = dataStart(bytes.get(shard)!);
      const intoData = ranges(shard).filter(([start, end]) => end > readFrom && start >= 8);
      expect(intoData, `${mutation.label} read ${shard}'s tensor data before refusing`).toEqual([]);
    }
    return;
  }
  tally.valid++;
  const weights = await readCheckpointWeights(opened);
  for (const spec of tensorSpecs(opened.config)) {
    expect(f32Values(tensorOf(weights, spec)).length, `${mutation.label}: ${spec.name}`).toBe(
      spec.shape.reduce((a, b) => a * b, 1),
    );
  }
}

describe('fuzzed checkpoint folders', () => {
  it.for([
    ['the index', indexMutations, 21_001],
    ['the shards', shardMutations, 21_002],
  ] as const)(
    'refuses every mutation of %s it cannot read, naming the file',
    async ([group, cases, seed], { annotate }) => {
      const tally = { refused: 0, valid: 0 };
      await fc.assert(
        fc.asyncProperty(cases, (mutation) => attempt(mutation, tally)),
        { seed, numRuns: 300, endOnFailure: true },
      );
      await annotate(
        `fuzz checkpoint folder, ${group}: 300 cases, ${tally.refused} refused naming the file, ${tally.valid} still valid`,
        FIGURE,
      );
      expect(tally.refused).toBeGreaterThan(0);
    },
  );
});
