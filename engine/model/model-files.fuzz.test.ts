// Fuzzed model files (issue 19): thousands of seeded mutations of the shipped draft model's model.safetensors,
// config.json and tokenizer.json (engine/testing/model-file-mutations.ts), each read the whole way a reader's files are
// (readModelFiles: config, tokenizer, the vocab_size check, safetensors header, every tensor against the config,
// weights). Each must give a consistent model (checked against the files independently) or be refused with one of
// the project's errors naming the tensor or field. A refusal must come before any tensor's data is read, with the
// heap and ArrayBuffers grown by no more than a small multiple of the files' size (no list of a billion layers'
// tensors, no buffer sized from a claimed shape); every case must end within a second. Each group reports its counts
// as a figure (reporters/unit-figures.ts).
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi, type TestContext } from 'vitest';
import { FIGURE } from '../../reporters/unit-figures';
import { f32Values } from '../quant/encoded-matrix';
import { TokenizerError } from './bpe-tokenizer-json';
import { ConfigError } from './config';
import { bf16ToF32, f16ToF32 } from './half';
import { readModelFiles, type ModelFileSet, type ModelFromFiles } from './read-model-files';
import { Safetensors, SafetensorsError, writeSafetensors } from './safetensors';
import { tensorOf, tensorSpecs } from './weights';
import {
  configCases,
  safetensorsCases,
  tokenizerCases,
  withHeader,
  type FuzzCase,
  type ShippedFiles,
} from '../testing/model-file-mutations';

const folder = new URL('../../public/models/prose-draft/', import.meta.url);
const bytes = readFileSync(new URL('model.safetensors', folder));
const configText = readFileSync(new URL('config.json', folder), 'utf8');
const tokenizerText = readFileSync(new URL('tokenizer.json', folder), 'utf8');
const shipped: ShippedFiles = {
  configJson: JSON.parse(configText),
  tokenizerJson: JSON.parse(tokenizerText),
  safetensors: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
};

/** The most one case may take: far more than any read of these files needs, far less than a hang. */
const CASE_MS = 1000;
const FILES_BYTES = bytes.byteLength + configText.length + tokenizerText.length;
/**
 * What a refused case may allocate at most (heap and ArrayBuffers together, as measured; garbage collection can only
 * lower the figure): eight times the shipped files, room for a tokenizer's maps (a few times its JSON) and a header
 * of deeply nested arrays. A size taken from a claimed shape or layer count would be gigabytes.
 */
const REFUSAL_BYTES = 8 * FILES_BYTES;

/** How each error class names what is wrong: a tensor in quotes, or the field (its path in tokenizer.json). */
const NAMING: [new (message: string) => Error, RegExp][] = [
  [SafetensorsError, /^model\.safetensors: .*(tensor "[^"]*"|header|"__metadata__")/],
  [ConfigError, /^config\.json: .*("[a-z_]+"|must be a JSON object)/],
  [
    TokenizerError,
    /^tokenizer\.json: (not a JSON object|normalizer|truncation|padding|post_processor|decoder|model|added_tokens|pre_tokenizer)\b/,
  ],
];

const SAMPLE = 'Once upon a time, the little dog ran to the park. "Why?" she asked: naïve café, 42 times!\n';

const reads = vi.spyOn(Safetensors.prototype, 'read');
afterAll(() => reads.mockRestore());

/** Bytes in use on the JS heap and outside it (ArrayBuffers). */
function allocated(): number {
  const { used_heap_size, external_memory } = getHeapStatistics();
  return used_heap_size + external_memory;
}

interface Entry {
  dtype: 'F32' | 'F16' | 'BF16';
  data_offsets: [number, number];
}

/** The config fields of Llama variants the engine does not run, with the one value it does. */
const PLAIN_LLAMA = { hidden_act: 'silu', mlp_bias: false };

/**
 * What is wrong with a model read from files, where it is not the one they describe: the config must be a plain
 * Llama; every tensor in the file one the config names, in its shape, with bytes of its own (the tensors packing the
 * data section), its values those bytes (the first and last, decoded here from the header read independently); the
 * tokenizer within the vocabulary, encoding text and decoding it back.
 */
function inconsistencies({ config, weights, tokenizer }: ModelFromFiles, files: ModelFileSet): string[] {
  const problems: string[] = [];
  const json = files.configJson as Record<string, unknown>;
  for (const [key, plain] of Object.entries(PLAIN_LLAMA)) {
    if ((json[key] ?? plain) !== plain) problems.push(`config.json "${key}" is not ${JSON.stringify(plain)}`);
  }
  if (weights.layers.length !== config.numLayers) problems.push(`${weights.layers.length} layers read`);
  const view = new DataView(files.safetensors);
  const headerBytes = Number(view.getBigUint64(0, true));
  const header = JSON.parse(
    new TextDecoder().decode(new Uint8Array(files.safetensors, 8, headerBytes)),
  ) as Record<string, Entry>;
  delete header['__metadata__'];
  const spans = Object.values(header)
    .map((e) => e.data_offsets)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const packed = spans.reduce((at, [begin, end]) => (begin === at ? end : NaN), 0);
  if (packed !== files.safetensors.byteLength - 8 - headerBytes)
    problems.push('tensors do not pack the data');
  const specs = tensorSpecs(config);
  const tiedHead = config.tieWordEmbeddings && 'lm_head.weight' in header;
  const named = new Set([...specs.map((s) => s.name), ...(tiedHead ? ['lm_head.weight'] : [])]);
  const inFile = Object.keys(header);
  if (inFile.length !== named.size || inFile.some((name) => !named.has(name)))
    problems.push('the file holds tensors the model does not use');
  const value = (name: string, i: number): number => {
    const { dtype, data_offsets } = header[name]!;
    const at = 8 + headerBytes + data_offsets[0];
    if (dtype === 'F32') return view.getFloat32(at + 4 * i, true);
    const bits = view.getUint16(at + 2 * i, true);
    return dtype === 'F16' ? f16ToF32(bits) : bf16ToF32(bits);
  };
  const check = (name: string, values: Float32Array, count: number) => {
    if (values.length !== count) problems.push(`"${name}" has ${values.length} values, not ${count}`);
    else if (
      [0, count - 1].some(
        (i) => !Object.is(values[i], Math.fround(value(name, i))) && !Number.isNaN(values[i]),
      )
    )
      problems.push(`"${name}" does not hold its bytes' values`);
  };
  for (const spec of specs) {
    check(
      spec.name,
      f32Values(tensorOf(weights, spec)),
      spec.shape.reduce((a, b) => a * b, 1),
    );
  }
  const head = tiedHead || !config.tieWordEmbeddings ? 'lm_head.weight' : 'model.embed_tokens.weight';
  check(head, f32Values(weights.lmHead), config.vocabSize * config.hiddenSize);
  if (tokenizer.vocabSize > config.vocabSize) problems.push(`a tokenizer of ${tokenizer.vocabSize} tokens`);
  let ids: number[];
  try {
    ids = tokenizer.encode(SAMPLE);
  } catch (error) {
    // A vocabulary without some byte's character refuses text that needs it, naming the character.
    if (!(error instanceof TokenizerError && /model\.vocab has no token "/.test(error.message)))
      problems.push(`encoding threw ${String(error)}`);
    return problems;
  }
  if (!ids.every((id) => Number.isInteger(id) && id >= 0 && id < config.vocabSize))
    problems.push(`ids outside the vocabulary: ${ids.filter((id) => !(id >= 0 && id < config.vocabSize))}`);
  const text = tokenizer.decode(ids);
  // ByteLevel with add_prefix_space gives the text back after a space.
  if (text !== SAMPLE && text !== ` ${SAMPLE}`) problems.push(`text decoded as ${JSON.stringify(text)}`);
  return problems;
}

interface Tally {
  cases: number;
  refused: number;
  valid: number;
  slowestMs: number;
  mostRefusedBytes: number;
}

/** Read one mutant the whole way, and check what came of it. */
function attempt(fuzzCase: FuzzCase, tally: Tally): void {
  const { files, names } = fuzzCase.make();
  reads.mockClear();
  const before = allocated();
  const start = performance.now();
  let model: ModelFromFiles | undefined;
  let error: unknown;
  try {
    model = readModelFiles(files);
  } catch (thrown) {
    error = thrown;
  }
  const ms = performance.now() - start;
  const grown = allocated() - before;
  tally.cases++;
  tally.slowestMs = Math.max(tally.slowestMs, ms);
  expect(ms, `${fuzzCase.label} took ${ms.toFixed(0)} ms`).toBeLessThan(CASE_MS);
  if (model) {
    tally.valid++;
    expect(inconsistencies(model, files), `${fuzzCase.label} was read into an inconsistent model`).toEqual(
      [],
    );
    return;
  }
  tally.refused++;
  const naming = NAMING.find(([kind]) => error instanceof kind)?.[1];
  expect(naming, `${fuzzCase.label} threw ${String(error)}`).toBeDefined();
  const message = (error as Error).message;
  expect(message, fuzzCase.label).toMatch(naming!);
  if (names.length) {
    expect(
      names.some((name) => message.includes(name)),
      `${fuzzCase.label}: "${message}" names none of ${names.join(', ')}`,
    ).toBe(true);
  }
  expect(reads, `${fuzzCase.label} read tensor data before refusing`).not.toHaveBeenCalled();
  tally.mostRefusedBytes = Math.max(tally.mostRefusedBytes, grown);
  expect(grown, `${fuzzCase.label} allocated ${grown} bytes before refusing`).toBeLessThan(REFUSAL_BYTES);
}

/** Run a group's cases from a fixed seed, and report what they came to as a figure. */
async function fuzz(
  group: string,
  cases: fc.Arbitrary<FuzzCase>,
  seed: number,
  numRuns: number,
  annotate: TestContext['annotate'],
): Promise<Tally> {
  const tally: Tally = { cases: 0, refused: 0, valid: 0, slowestMs: 0, mostRefusedBytes: 0 };
  fc.assert(
    fc.property(cases, (c) => attempt(c, tally)),
    { seed, numRuns, endOnFailure: true },
  );
  await annotate(
    `fuzz ${group}: ${tally.cases} cases, ${tally.refused} refused naming the tensor or field, ${tally.valid} still valid` +
      ` (slowest ${tally.slowestMs.toFixed(0)} ms; a refusal grew the heap and buffers by at most ${(tally.mostRefusedBytes / 1e6).toFixed(2)} MB, the files are ${(FILES_BYTES / 1e6).toFixed(2)} MB)`,
    FIGURE,
  );
  return tally;
}

/** What the fuzzing found the readers accepting, or failing on with an error of JavaScript's own, one of each. */
const FOUND: [string, () => ModelFileSet, string][] = [
  [
    'tensors sharing bytes',
    () => ({
      ...shipped,
      safetensors: withHeader(shipped.safetensors, (h) => {
        h['model.norm.weight'].data_offsets = h['model.layers.3.input_layernorm.weight'].data_offsets;
      }),
    }),
    'tensor "model.norm.weight" (bytes 1656320–1656576) overlaps tensor "model.layers.3.input_layernorm.weight" (bytes 1656320–1656576)',
  ],
  [
    'bytes after the last tensor',
    () => ({
      ...shipped,
      safetensors: appended(8),
    }),
    'the 2033928-byte data section runs on past its last tensor "model.norm.weight", which ends at byte 2033920',
  ],
  [
    '__metadata__ that is not names to strings',
    () => ({
      ...shipped,
      safetensors: withHeader(shipped.safetensors, (h) => (h['__metadata__'] = { format: 5 })),
    }),
    '"__metadata__" must map names to strings (got {"format":5})',
  ],
  [
    'a shape of more elements than a number counts exactly',
    () => ({
      ...shipped,
      safetensors: withHeader(
        shipped.safetensors,
        (h) => (h['model.norm.weight'].shape = [2 ** 30, 2 ** 30, 2 ** 30]),
      ),
    }),
    'tensor "model.norm.weight" has shape [1073741824,1073741824,1073741824], more elements than a file can hold',
  ],
  [
    'a billion layers (the list of their tensors was built first: out of memory)',
    () => ({ ...shipped, configJson: { ...shipped.configJson, num_hidden_layers: 1e9 } }),
    'tensor "model.layers.4.input_layernorm.weight" is missing',
  ],
  [
    'fewer layers than the file holds',
    () => ({ ...shipped, configJson: { ...shipped.configJson, num_hidden_layers: 3 } }),
    'tensor "model.layers.3.input_layernorm.weight" is not part of the model config.json describes',
  ],
  [
    'an activation the engine does not run',
    () => ({ ...shipped, configJson: { ...shipped.configJson, hidden_act: 'gelu' } }),
    '"hidden_act" is "gelu"; only "silu" is supported',
  ],
  [
    'a field nested too deeply for JSON.stringify (a RangeError)',
    () => ({ ...shipped, configJson: { ...shipped.configJson, hidden_size: deeplyNested() } }),
    '"hidden_size" must be a positive integer (got an array nested too deeply to show)',
  ],
  [
    'a token id of 2^32, past what an array index holds',
    () => ({ ...shipped, tokenizerJson: withVocab((v) => (v['Ġupon'] = 2 ** 32)) }),
    '"vocab_size" is 2048, fewer than the tokenizer\'s 4294967297 tokens',
  ],
  [
    'two tokens with one id',
    () => ({ ...shipped, tokenizerJson: withVocab((v) => (v['Ġupon'] = v['Ġthe']!)) }),
    'model.vocab["Ġupon"] has id',
  ],
  [
    'a tokenizer.json that is null (read as no tokenizer: bytes)',
    () => ({ ...shipped, tokenizerJson: null }),
    'tokenizer.json: not a JSON object',
  ],
];

/** The shipped safetensors with this many zero bytes after its data. */
function appended(extra: number): ArrayBuffer {
  const longer = new Uint8Array(bytes.byteLength + extra);
  longer.set(bytes);
  return longer.buffer;
}

function deeplyNested(): unknown[] {
  let value: unknown[] = [];
  for (let i = 0; i < 50_000; i++) value = [value];
  return value;
}

function withVocab(edit: (vocab: Record<string, number>) => void): ShippedFiles['tokenizerJson'] {
  const json = shipped.tokenizerJson;
  const vocab = { ...json['model']['vocab'] };
  edit(vocab);
  return { ...json, model: { ...json['model'], vocab } };
}

describe('what the fuzzing found', () => {
  it.each(FOUND)('refuses %s, naming it, before reading any tensor', (_, files, message) => {
    reads.mockClear();
    expect(() => readModelFiles(files())).toThrow(message);
    expect(reads).not.toHaveBeenCalled();
  });

  it('skips the RoPE inverse frequencies some checkpoints store, though no other tensor the model has no place for', () => {
    const file = new Safetensors(shipped.safetensors);
    const tensors = [...file.tensors.values()].map(({ name, shape }) => ({
      name,
      shape,
      data: file.read(name),
    }));
    const invFreq = {
      name: 'model.layers.0.self_attn.rotary_emb.inv_freq',
      shape: [4],
      data: new Float32Array(4),
    };
    const withInvFreq = writeSafetensors([...tensors, invFreq]);
    expect(readModelFiles({ ...shipped, safetensors: withInvFreq }).config).toEqual(
      readModelFiles(shipped).config,
    );
    const stray = writeSafetensors([
      ...tensors,
      { ...invFreq, name: 'model.layers.0.self_attn.rotary_emb.cos' },
    ]);
    expect(() => readModelFiles({ ...shipped, safetensors: stray })).toThrow(
      'tensor "model.layers.0.self_attn.rotary_emb.cos" is not part of the model config.json describes',
    );
  });
});

describe('fuzzed model files', () => {
  it('reads the shipped files unchanged into a consistent model', () => {
    expect(inconsistencies(readModelFiles(shipped), shipped)).toEqual([]);
  });

  it('refuses every mutation of model.safetensors it cannot read, naming the tensor or field', async ({
    annotate,
  }) => {
    const tally = await fuzz('safetensors', safetensorsCases(shipped), 19_001, 1000, annotate);
    expect(tally.refused).toBeGreaterThan(tally.cases * 0.8);
  });

  it('refuses every mutation of config.json it cannot honour, naming the field or the tensor the file disagrees on', async ({
    annotate,
  }) => {
    const tally = await fuzz('config.json', configCases(shipped), 19_002, 500, annotate);
    expect(tally.refused).toBeGreaterThan(tally.cases * 0.6);
  });

  it('refuses every mutation of tokenizer.json it cannot mirror, naming the field', async ({ annotate }) => {
    const tally = await fuzz('tokenizer.json', tokenizerCases(shipped), 19_003, 500, annotate);
    expect(tally.refused).toBeGreaterThan(tally.cases * 0.4);
  });
});
