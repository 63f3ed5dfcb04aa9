/**
 * Seeded mutations of a shipped model's three files, for the fuzz test of reading them (engine/model/
 * model-files.fuzz.test.ts, issue 19). Each arbitrary gives a case: a label saying what was done (fast-check prints
 * it for a failing case), a way to make the mutated files, and the names an error about the mutation may give: the
 * tensor or field touched, or a tensor the change displaces (an empty list where any part of the header may be hit,
 * as with a flipped byte, and only the reader's own rule for naming something applies).
 */
import fc from 'fast-check';
import type { ModelFileSet } from '../model/read-model-files';

/** Parsed JSON, edited in place. */
type Json = Record<string, any>;

/** A shipped model's files: config.json and tokenizer.json parsed, the safetensors bytes. */
export interface ShippedFiles {
  configJson: Json;
  tokenizerJson: Json;
  safetensors: ArrayBuffer;
}

export interface Mutant {
  files: ModelFileSet;
  /** An error about this mutation must contain one of these (any naming error will do when empty). */
  names: string[];
}

export interface FuzzCase {
  label: string;
  make: () => Mutant;
  [fc.toStringMethod]: () => string;
}

function fuzzCase(label: string, make: () => Mutant): FuzzCase {
  return { label, make, [fc.toStringMethod]: () => label };
}

/** Stands for "delete the field" among the values a field is set to. */
const DELETE = Symbol('delete');
type Value = unknown;

function set(object: Json, key: string, value: Value): void {
  if (value === DELETE) delete object[key];
  else object[key] = value;
}

function describe(value: Value): string {
  if (value === DELETE) return 'deleted';
  if (value === DEEP) return `an array nested ${DEPTH} deep`;
  if (typeof value === 'number' && !Number.isSafeInteger(value) && Number.isInteger(value))
    return value.toExponential();
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 40 ? `${json.slice(0, 40)}…` : json;
}

/** Deep enough that JSON.stringify, which recurses, overflows the stack on it. */
const DEPTH = 50_000;
/** Stands for an array nested DEPTH deep. */
const DEEP = Symbol('deep');

function nested(): unknown[] {
  let value: unknown[] = [];
  for (let i = 0; i < DEPTH; i++) value = [value];
  return value;
}

function resolved(value: Value): Value {
  return value === DEEP ? nested() : value;
}

/** Values of the wrong type for any field, including the empty and the deeply nested. */
const WRONG_TYPES: Value[] = ['4', '', true, false, null, [], {}, [4], { value: 4 }, DEEP];

const utf8 = new TextEncoder();

// --- model.safetensors -------------------------------------------------------------------------------------------

interface Parts {
  header: Json;
  headerBytes: Uint8Array;
  data: Uint8Array;
  /** The tensors in the order of their offsets. */
  order: string[];
}

function split(buffer: ArrayBuffer): Parts {
  const length = Number(new DataView(buffer).getBigUint64(0, true));
  const headerBytes = new Uint8Array(buffer, 8, length);
  const header = JSON.parse(new TextDecoder().decode(headerBytes)) as Json;
  const order = Object.keys(header)
    .filter((name) => name !== '__metadata__')
    .sort((a, b) => header[a]['data_offsets'][0] - header[b]['data_offsets'][0]);
  return { header, headerBytes, data: new Uint8Array(buffer, 8 + length), order };
}

/** A safetensors file of this header and data, declaring `declared` bytes of header (the true count unless given). */
function assemble(header: Uint8Array | string, data: Uint8Array, declared?: bigint): ArrayBuffer {
  const bytes = typeof header === 'string' ? utf8.encode(header) : header;
  const out = new Uint8Array(8 + bytes.length + data.length);
  new DataView(out.buffer).setBigUint64(0, declared ?? BigInt(bytes.length), true);
  out.set(bytes, 8);
  out.set(data, 8 + bytes.length);
  return out.buffer;
}

/** Header JSON with DEEP written as a deeply nested array (JSON.stringify could not write it). */
function headerText(header: Json): string {
  const marker = 'fuzz:deep';
  return JSON.stringify(header, (_, v: unknown) => (v === DEEP ? marker : v)).replaceAll(
    JSON.stringify(marker),
    '['.repeat(DEPTH) + ']'.repeat(DEPTH),
  );
}

/** A safetensors file with its header edited (parsed, changed, written back) and its data as it was. */
export function withHeader(buffer: ArrayBuffer, edit: (header: Json) => void): ArrayBuffer {
  const { header, data } = split(buffer);
  edit(header);
  return assemble(headerText(header), data);
}

const DTYPES: Value[] = [
  'F64',
  'I8',
  'U8',
  'I32',
  'BOOL',
  'F8_E4M3',
  'f16',
  'bf16',
  '',
  16,
  ['F16'],
  DELETE,
  DEEP,
];
const DTYPES_VALID: Value[] = ['F32', 'F16', 'BF16'];

const SHAPE_EDITS: [string, (shape: number[]) => Value][] = [
  ['a string', (s) => String(s)],
  ['a number', (s) => s[0]],
  ['null', () => null],
  ['an object', (s) => ({ ...s })],
  ['deleted', () => DELETE],
  ['nested too deep to print', () => DEEP],
  ['negative', (s) => [-s[0]!, ...s.slice(1)]],
  ['non-integer', (s) => [s[0]! + 0.5, ...s.slice(1)]],
  ['a string dimension', (s) => [String(s[0]), ...s.slice(1)]],
  ['2^40 wide', (s) => [2 ** 40, ...s.slice(1)]],
  ['past 2^53', (s) => [2 ** 53 + 2, ...s.slice(1)]],
  ['1e308 × 1e308 × 0', () => [1e308, 1e308, 0]],
  ['2^30 in every dimension, and two more', (s) => [...s.map(() => 2 ** 30), 2 ** 30, 2 ** 30]],
  ['[2^26] × 8', () => Array(8).fill(2 ** 26)],
  ['a scalar', () => []],
  ['an extra 1', (s) => [...s, 1]],
  ['a leading 1', (s) => [1, ...s]],
  ['reversed', (s) => [...s].reverse()],
  ['flattened', (s) => [s.reduce((a, b) => a * b, 1)]],
  ['one row more', (s) => [s[0]! + 1, ...s.slice(1)]],
  ['half the rows', (s) => [Math.floor(s[0]! / 2), ...s.slice(1)]],
  ['a zero', (s) => [0, ...s.slice(1)]],
];

const OFFSET_EDITS: [string, (o: [number, number], dataBytes: number) => Value][] = [
  ['not an array', (o) => `${o}`],
  ['one number', (o) => [o[0]]],
  ['three numbers', (o) => [...o, o[1]]],
  ['strings', (o) => o.map(String)],
  ['non-integers', (o) => [o[0] + 0.5, o[1] + 0.5]],
  ['negative', (o) => [-1, o[1] - o[0] - 1]],
  ['reversed', (o) => [o[1], o[0]]],
  ['past 2^53', (o) => [2 ** 53, 2 ** 53 + o[1] - o[0]]],
  ['1e300', () => [0, 1e300]],
  ['past the end', (o, bytes) => [o[0] + bytes, o[1] + bytes]],
  ['ending past the end', (o, bytes) => [o[0], bytes + 1]],
  ['deleted', () => DELETE],
  ['null', () => null],
  ['objects', () => [{}, {}]],
  ['nested too deep to print', () => DEEP],
  ['one byte short', (o) => [o[0], o[1] - 1]],
  ['one byte long', (o) => [o[0], o[1] + 1]],
  ['an element short', (o) => [o[0], o[1] - 2]],
];

/** Cases for model.safetensors: its header length, header JSON, entries, metadata and data. */
export function safetensorsCases(base: ShippedFiles): fc.Arbitrary<FuzzCase> {
  const { header, headerBytes, data, order } = split(base.safetensors);
  const total = base.safetensors.byteLength;
  const length = headerBytes.length;
  const last = order.at(-1)!;
  const tensor = fc.constantFrom(...order);
  const file = (h: Uint8Array | string, d: Uint8Array = data, declared?: bigint): ModelFileSet => ({
    ...base,
    safetensors: assemble(h, d, declared),
  });
  const edited = (edit: (h: Json) => void): string => {
    const h = structuredClone(header);
    edit(h);
    return headerText(h);
  };
  /** These tensors and the ones before and after each in the data section: a tensor moved or gone leaves a gap or an
   *  overlap that is found at a neighbour. */
  const around = (...names: string[]): string[] =>
    names.flatMap((name) => {
      const i = order.indexOf(name);
      return [name, order[i - 1], order[i + 1]]
        .filter((n): n is string => n !== undefined)
        .map((n) => `"${n}"`);
    });
  const entry = (name: string, field: string, value: Value) =>
    edited((h) => set(h[name], field, value === DEEP ? DEEP : value));

  const headerLength = fc
    .oneof(
      fc.integer({ min: 1, max: 1 << 20 }).map((k) => BigInt(total - 8 + k)),
      fc.constantFrom(2n ** 64n - 1n, 2n ** 63n, 2n ** 53n + 1n, 2n ** 32n),
      fc.integer({ min: 0, max: length - 1 }).map(BigInt),
      fc.integer({ min: length + 1, max: length + 4096 }).map(BigInt),
    )
    .map((declared) =>
      fuzzCase(`header length declared as ${declared} (it is ${length})`, () => ({
        files: file(headerBytes, data, declared),
        names: ['header', `"${last}"`],
      })),
    );

  const text = new TextDecoder().decode(headerBytes);
  const syntax = fc
    .record({
      at: fc.nat({ max: length - 1 }),
      op: fc.constantFrom('delete', 'insert', 'replace'),
      char: fc.constantFrom(...'{}[],:"\\ 09-.eEaZ\u00ff'),
    })
    .map(({ at, op, char }) =>
      fuzzCase(`header JSON: ${op} ${JSON.stringify(char)} at ${at}`, () => {
        const tail = op === 'insert' ? text.slice(at) : text.slice(at + 1);
        return { files: file(text.slice(0, at) + (op === 'delete' ? '' : char) + tail), names: [] };
      }),
    );

  const flips = byteFlips(length, 4).map((edits) =>
    fuzzCase(`header bytes flipped: ${flipList(edits)}`, () => ({
      files: file(flipped(headerBytes, edits)),
      names: [],
    })),
  );

  const dtype = fc.tuple(tensor, fc.constantFrom(...DTYPES, ...DTYPES_VALID)).map(([name, value]) =>
    fuzzCase(`"${name}" dtype ${describe(value)}`, () => ({
      files: file(entry(name, 'dtype', value)),
      names: [`"${name}"`],
    })),
  );

  const shape = fc.tuple(tensor, fc.constantFrom(...SHAPE_EDITS)).map(([name, [what, edit]]) =>
    fuzzCase(`"${name}" shape ${what}`, () => ({
      files: file(entry(name, 'shape', edit(header[name]['shape']))),
      names: [`"${name}"`],
    })),
  );

  const offsets = fc.tuple(tensor, fc.constantFrom(...OFFSET_EDITS)).map(([name, [what, edit]]) =>
    fuzzCase(`"${name}" data_offsets ${what}`, () => ({
      files: file(entry(name, 'data_offsets', edit(header[name]['data_offsets'], data.length))),
      names: around(name),
    })),
  );

  const shifted = fc
    .tuple(
      tensor,
      fc.integer({ min: -4096, max: 4096 }).filter((d) => d !== 0),
    )
    .map(([name, delta]) =>
      fuzzCase(`"${name}" data_offsets shifted by ${delta}`, () => {
        const [b, e] = header[name]['data_offsets'] as [number, number];
        return { files: file(entry(name, 'data_offsets', [b + delta, e + delta])), names: around(name) };
      }),
    );

  const pair = fc.tuple(tensor, tensor).filter(([a, b]) => a !== b);
  const borrowed = fc.tuple(pair, fc.constantFrom('copies', 'swaps')).map(([[name, other], how]) =>
    fuzzCase(`"${name}" ${how} data_offsets with "${other}"`, () => {
      const files = file(
        edited((h) => {
          const mine = h[name]['data_offsets'];
          h[name]['data_offsets'] = h[other]['data_offsets'];
          if (how === 'swaps') h[other]['data_offsets'] = mine;
        }),
      );
      return { files, names: around(name, other) };
    }),
  );

  const entryType = fc
    .tuple(tensor, fc.constantFrom<Value>(null, 5, 'x', [], true, DEEP))
    .map(([name, value]) =>
      fuzzCase(`"${name}" entry replaced by ${describe(value)}`, () => ({
        files: file(edited((h) => set(h, name, value))),
        names: [`"${name}"`],
      })),
    );

  const renames: [string, (name: string, other: string) => string][] = [
    ['a suffix', (n) => `${n}.x`],
    ['bias for weight', (n) => n.replace('weight', 'bias')],
    ['layer 9', (n) => n.replace(/layers\.\d+/, 'layers.9')],
    ['layer 4, past the last', (n) => n.replace(/layers\.\d+/, 'layers.4')],
    ["another tensor's name", (_, other) => other],
    ['the empty name', () => ''],
    ['upper case', (n) => n.toUpperCase()],
    ['a leading space', (n) => ` ${n}`],
    ['__metadata__', () => '__metadata__'],
  ];
  const renamed = fc.tuple(pair, fc.constantFrom(...renames)).map(([[name, other], [what, rename]]) => {
    const to = rename(name, other);
    return fuzzCase(`"${name}" renamed: ${what} ("${to}")`, () => {
      const files = file(
        edited((h) => {
          const e = h[name];
          delete h[name];
          h[to] = e;
        }),
      );
      return { files, names: [...around(name, other), `"${to}"`, '"__metadata__"'] };
    });
  });

  const removed = tensor.map((name) =>
    fuzzCase(`"${name}" removed`, () => ({
      files: file(edited((h) => delete h[name])),
      names: around(name),
    })),
  );

  const extras: [string, Json, number][] = [
    ['model.extra.weight', { dtype: 'F16', shape: [0], data_offsets: [0, 0] }, 0],
    ['model.extra.weight', { dtype: 'F32', shape: [4], data_offsets: [data.length, data.length + 16] }, 16],
    [
      'lm_head.weight',
      { dtype: 'F16', shape: [2048, 128], data_offsets: [data.length, data.length + 524288] },
      524288,
    ],
    ['lm_head.weight', { dtype: 'F16', shape: [128], data_offsets: [data.length, data.length + 256] }, 256],
    [
      'model.layers.4.input_layernorm.weight',
      { dtype: 'F16', shape: [128], data_offsets: [data.length, data.length + 256] },
      256,
    ],
  ];
  const extra = fc.constantFrom(...extras).map(([name, e, bytes]) =>
    fuzzCase(`tensor "${name}" ${JSON.stringify(e)} added`, () => {
      const more = new Uint8Array(data.length + bytes);
      more.set(data);
      more.fill(0x3c, data.length);
      return {
        files: file(
          edited((h) => (h[name] = e)),
          more,
        ),
        names: [`"${name}"`],
      };
    }),
  );

  const metadata = fc
    .constantFrom<Value>(
      5,
      'pt',
      [],
      true,
      { format: 5 },
      { format: null },
      { format: {} },
      { format: ['pt'] },
      DEEP,
      DELETE,
      null,
      {},
      { format: 'pt', note: 'fuzzed' },
    )
    .map((value) =>
      fuzzCase(`__metadata__ ${describe(value)}`, () => ({
        files: file(edited((h) => set(h, '__metadata__', value))),
        names: ['"__metadata__"'],
      })),
    );

  const truncated = fc
    .oneof(fc.nat({ max: 8 + length }), fc.integer({ min: 8 + length, max: total - 1 }))
    .map((at) =>
      fuzzCase(`truncated to ${at} of ${total} bytes`, () => ({
        files: { ...base, safetensors: base.safetensors.slice(0, at) },
        names: [],
      })),
    );

  const appended = fc.integer({ min: 1, max: 4096 }).map((bytes) =>
    fuzzCase(`${bytes} bytes appended`, () => {
      const longer = new Uint8Array(total + bytes);
      longer.set(new Uint8Array(base.safetensors));
      return { files: { ...base, safetensors: longer.buffer }, names: [`"${last}"`] };
    }),
  );

  const dataFlips = byteFlips(data.length, 8).map((edits) =>
    fuzzCase(`data bytes flipped: ${flipList(edits)}`, () => ({
      files: file(headerBytes, flipped(data, edits)),
      names: [],
    })),
  );

  return fc.oneof(
    headerLength,
    syntax,
    { arbitrary: flips, weight: 2 },
    dtype,
    { arbitrary: shape, weight: 2 },
    { arbitrary: offsets, weight: 2 },
    shifted,
    borrowed,
    entryType,
    renamed,
    removed,
    extra,
    metadata,
    { arbitrary: truncated, weight: 2 },
    appended,
    dataFlips,
  );
}

// --- config.json -------------------------------------------------------------------------------------------------

/** Sizes, counts and flags a config may be set to, whatever field they land in. */
const CONFIG_VALUES: Value[] = [
  DELETE,
  ...WRONG_TYPES,
  0,
  -0,
  -1,
  -0.5,
  0.5,
  1.5,
  1,
  2,
  3,
  1e9,
  2 ** 31,
  2 ** 40,
  2 ** 53,
  2 ** 53 + 2,
  1e300,
  -1e300,
];

/** The hazards issue 19 names (a billion layers, a 2^40 width, heads that do not divide), and variants not run. */
const CONFIG_EDITS: [string, Value][] = [
  ['num_hidden_layers', 1e9],
  ['num_hidden_layers', 2 ** 31 - 1],
  ['num_hidden_layers', 2 ** 53 - 1],
  ['num_hidden_layers', 5],
  ['num_hidden_layers', 3],
  ['hidden_size', 2 ** 40],
  ['intermediate_size', 2 ** 40],
  ['vocab_size', 2 ** 40],
  ['vocab_size', 2047],
  ['vocab_size', 2049],
  ['num_key_value_heads', 3],
  ['num_key_value_heads', 4],
  ['num_attention_heads', 3],
  ['num_attention_heads', 6],
  ['head_dim', 33],
  ['head_dim', 31],
  ['head_dim', 64],
  ['head_dim', 16],
  ['tie_word_embeddings', false],
  ['tie_word_embeddings', 'true'],
  ['tie_word_embeddings', 1],
  ['hidden_act', 'gelu'],
  ['hidden_act', 'relu'],
  ['rope_scaling', { type: 'linear', factor: 2 }],
  ['rope_scaling', { rope_type: 'llama3', factor: 8 }],
  ['attention_bias', true],
  ['mlp_bias', true],
  ['sliding_window', 128],
  ['sliding_window', 2 ** 60],
  ['max_position_embeddings', 2 ** 40],
  ['rms_norm_eps', 1e300],
  ['rope_theta', 1e300],
];

/** Fields whose error may name a related field instead. */
const RELATED: Record<string, string[]> = {
  hidden_size: ['"head_dim"'],
  num_attention_heads: ['"num_key_value_heads"', '"head_dim"'],
  num_key_value_heads: ['"num_attention_heads"'],
};

/** Cases for config.json: every field deleted or set to a wrong type or size, the named hazards, the whole file. */
export function configCases(base: ShippedFiles): fc.Arbitrary<FuzzCase> {
  const fields = [...new Set([...Object.keys(base.configJson), 'sliding_window', 'head_dim'])];
  const withField = (field: string, value: Value): FuzzCase =>
    fuzzCase(`config.json "${field}" ${describe(value)}`, () => {
      const configJson = { ...base.configJson };
      set(configJson, field, resolved(value));
      return {
        files: { ...base, configJson },
        names: [`"${field}"`, 'tensor "', ...(RELATED[field] ?? [])],
      };
    });
  const field = fc
    .tuple(fc.constantFrom(...fields), fc.constantFrom(...CONFIG_VALUES))
    .map(([f, value]) => withField(f, value));
  const relative = fc
    .tuple(
      fc.constantFrom(...fields.filter((f) => typeof base.configJson[f] === 'number')),
      fc.constantFrom(
        ['+ 1', (v: number) => v + 1] as const,
        ['− 1', (v: number) => v - 1] as const,
        ['× 2', (v: number) => v * 2] as const,
        ['÷ 2', (v: number) => v / 2] as const,
      ),
    )
    .map(([f, [what, change]]) => {
      const value = change(base.configJson[f] as number);
      return fuzzCase(`config.json "${f}" ${what} (${value})`, () => withField(f, value).make());
    });
  const named = fc.constantFrom(...CONFIG_EDITS).map(([f, value]) => withField(f, value));
  const whole = fc.constantFrom<Value>(null, [], 'x', 5, true, {}, DEEP).map((value) =>
    fuzzCase(`config.json replaced by ${describe(value)}`, () => ({
      files: { ...base, configJson: resolved(value) },
      names: ['must be a JSON object', '"hidden_size"'],
    })),
  );
  return fc.oneof(
    { arbitrary: field, weight: 4 },
    { arbitrary: relative, weight: 2 },
    { arbitrary: named, weight: 2 },
    whole,
  );
}

// --- tokenizer.json ----------------------------------------------------------------------------------------------

/** A copy of the tokenizer JSON and its model whose fields can be set without touching the shipped one; an edit
 *  that changes what a field holds (the vocabulary, the merges, added tokens) copies that first. */
function fresh(json: Json): Json {
  return { ...json, model: { ...json['model'] } };
}

const PRE_TOKENIZERS: [string, Value][] = [
  ['Metaspace', { type: 'Metaspace', replacement: '▁' }],
  ['Whitespace', { type: 'Whitespace' }],
  ['BertPreTokenizer', { type: 'BertPreTokenizer' }],
  ['Digits', { type: 'Digits', individual_digits: true }],
  ['ByteLevel without add_prefix_space', { type: 'ByteLevel' }],
  ['ByteLevel with a prefix space', { type: 'ByteLevel', add_prefix_space: true }],
  ['a Sequence of a number', { type: 'Sequence', pretokenizers: 5 }],
  ['an empty Sequence', { type: 'Sequence', pretokenizers: [] }],
  ['ByteLevel then Split', { type: 'Sequence', pretokenizers: ['BYTELEVEL', 'SPLIT:\\s+'] }],
];

/** Split patterns: some JavaScript cannot carry over from Oniguruma, some that are no pattern at all, some fine. */
const PATTERNS: string[] = [
  '(',
  ')',
  '[a-',
  '\\',
  'a{2,1}',
  '*',
  '(?<',
  '\\p{NotAProperty}',
  '(?i:(a))',
  '(?i:\\d)',
  '(?i:(?i:a))',
  '^a',
  'a$',
  '\\k<name>',
  '[z-a]',
  '(?P<x>a)',
  '\\s+',
  '\\p{L}+|\\p{N}+',
  '(?i:the)',
  '',
];

/** Cases for tokenizer.json: top-level and model fields, vocabulary ids, merges, added tokens, pre-tokenizers. */
export function tokenizerCases(base: ShippedFiles): fc.Arbitrary<FuzzCase> {
  const json = base.tokenizerJson;
  const model = json['model'] as Json;
  const tokens = Object.keys(model['vocab']);
  const merges = model['merges'] as unknown[];
  const byteLevel = json['pre_tokenizer'];
  const vocabOf = (j: Json): Json => (j['model']['vocab'] = { ...model['vocab'] });
  const addedOf = (j: Json): Json[] => (j['added_tokens'] = structuredClone(json['added_tokens']));
  const edit = (label: string, names: string[], change: (j: Json) => void): FuzzCase =>
    fuzzCase(`tokenizer.json ${label}`, () => {
      const tokenizerJson = fresh(json);
      change(tokenizerJson);
      return { files: { ...base, tokenizerJson }, names };
    });

  const top = fc
    .tuple(
      fc.constantFrom(...Object.keys(json)),
      fc.constantFrom<Value>(
        DELETE,
        ...WRONG_TYPES,
        5,
        { type: 'NFC' },
        { type: 'ByteLevel' },
        { type: 'TemplateProcessing' },
      ),
    )
    .map(([field, value]) =>
      edit(`${field} ${describe(value)}`, [field], (j) => set(j, field, resolved(value))),
    );

  const modelField = fc
    .tuple(
      fc.constantFrom(...Object.keys(model)),
      fc.constantFrom<Value>(DELETE, ...WRONG_TYPES, 5, 0.1, '##', '</w>', 'WordPiece', 'BPE'),
    )
    .map(([field, value]) =>
      edit(`model.${field} ${describe(value)}`, [`model.${field}`, 'model is', 'model.type'], (j) =>
        set(j['model'], field, resolved(value)),
      ),
    );

  const token = fc.constantFrom(...tokens);
  const idNames = ['model.vocab', '"vocab_size"', 'model.merges', 'added_tokens'];
  const vocabId = fc
    .tuple(
      token,
      fc.constantFrom<Value>(
        -1,
        1.5,
        '5',
        null,
        true,
        [],
        2 ** 31,
        2 ** 32 - 1,
        2 ** 32,
        2 ** 53,
        2 ** 53 + 2,
        1e300,
        2048,
        4095,
        1e9,
        DELETE,
      ),
    )
    .map(([t, value]) =>
      edit(`model.vocab[${JSON.stringify(t)}] ${describe(value)}`, idNames, (j) => set(vocabOf(j), t, value)),
    );
  const vocabPair = fc
    .tuple(token, token, fc.constantFrom('takes the id of', 'swaps ids with'))
    .filter(([a, b]) => a !== b)
    .map(([a, b, how]) =>
      edit(`model.vocab[${JSON.stringify(a)}] ${how} ${JSON.stringify(b)}`, idNames, (j) => {
        const vocab = vocabOf(j);
        const id = vocab[a];
        vocab[a] = vocab[b];
        if (how === 'swaps ids with') vocab[b] = id;
      }),
    );
  const vocabAdded = fc
    .tuple(fc.constantFrom('Ġzzzz', 'é', '<|new|>', ''), fc.constantFrom(2048, 0, 5, 2047, -3))
    .map(([t, id]) =>
      edit(`model.vocab gains ${JSON.stringify(t)}: ${id}`, idNames, (j) => (vocabOf(j)[t] = id)),
    );

  const MERGE_EDITS: [string, (list: unknown[], i: number) => void][] = [
    ['deleted', (list, i) => list.splice(i, 1)],
    ['swapped with the next', (list, i) => list.splice(i, 2, list[i + 1], list[i])],
    ['repeated', (list, i) => list.splice(i + 1, 0, list[i])],
    ['reversed', (list, i) => (list[i] = [...(list[i] as string[])].reverse())],
    ...(['a b c', 'ab', ['a'], ['a', 5], 5, null, 'zzz qqq', ['Ġ', 'Ġ'], DEEP] as Value[]).map(
      (value): [string, (list: unknown[], i: number) => void] => [
        describe(value),
        (list, i) => (list[i] = resolved(value)),
      ],
    ),
  ];
  const merge = fc
    .tuple(fc.nat({ max: merges.length - 2 }), fc.constantFrom(...MERGE_EDITS))
    .map(([i, [what, change]]) =>
      edit(`model.merges[${i}] ${what}`, ['model.merges'], (j) =>
        change((j['model']['merges'] = [...merges]), i),
      ),
    );

  const ADDED_EDITS: [string, (t: Json) => void][] = [
    ['id −1', (t) => (t['id'] = -1)],
    ['id 1.5', (t) => (t['id'] = 1.5)],
    ['id 2^40', (t) => (t['id'] = 2 ** 40)],
    ['id 2048', (t) => (t['id'] = 2048)],
    ["id 5, another token's", (t) => (t['id'] = 5)],
    ['content ""', (t) => (t['content'] = '')],
    ['content 5', (t) => (t['content'] = 5)],
    ['content deleted', (t) => delete t['content']],
    ['content "<|other|>"', (t) => (t['content'] = '<|other|>')],
    ['lstrip', (t) => (t['lstrip'] = true)],
    ['rstrip', (t) => (t['rstrip'] = true)],
    ['single_word', (t) => (t['single_word'] = true)],
    ['not special', (t) => (t['special'] = false)],
  ];
  const added = fc
    .constantFrom(...ADDED_EDITS)
    .map(([what, change]) =>
      edit(`added_tokens[0] ${what}`, ['added_tokens', '"vocab_size"'], (j) => change(addedOf(j)[0]!)),
    );
  const addedMore = fc
    .constantFrom<[string, Json]>(
      ['a second <|endoftext|> at id 0', { id: 0, content: '<|endoftext|>' }],
      ['<|new|> at id 2048', { id: 2048, content: '<|new|>' }],
      ['<|new|> at id 7', { id: 7, content: '<|new|>' }],
      ['"the" at id 2047', { id: 2047, content: 'the' }],
    )
    .map(([what, token]) =>
      edit(`added_tokens gains ${what}`, ['added_tokens', '"vocab_size"'], (j) => addedOf(j).push(token)),
    );

  const step = (s: string): Json =>
    s === 'BYTELEVEL'
      ? { ...byteLevel, use_regex: false }
      : { type: 'Split', pattern: { Regex: s.slice('SPLIT:'.length) }, behavior: 'Isolated', invert: false };
  const pre = fc.constantFrom(...PRE_TOKENIZERS).map(([what, value]) =>
    edit(`pre_tokenizer ${what}`, ['pre_tokenizer'], (j) => {
      const v = value as Json;
      j['pre_tokenizer'] = Array.isArray(v['pretokenizers'])
        ? { ...v, pretokenizers: (v['pretokenizers'] as string[]).map(step) }
        : v;
    }),
  );
  const split = fc
    .tuple(
      fc.constantFrom(...PATTERNS),
      fc.constantFrom('Regex', 'String', 'neither'),
      fc.constantFrom('Isolated', 'Removed', 'MergedWithNext', 5),
    )
    .map(([pattern, kind, behavior]) =>
      edit(
        `pre_tokenizer Split ${kind} ${JSON.stringify(pattern)} ${JSON.stringify(behavior)}`,
        ['pre_tokenizer'],
        (j) => {
          const p = kind === 'neither' ? { Other: pattern } : { [kind]: pattern };
          j['pre_tokenizer'] = {
            type: 'Sequence',
            pretokenizers: [
              { type: 'Split', pattern: p, behavior, invert: false },
              { ...byteLevel, use_regex: false },
            ],
          };
        },
      ),
    );

  const decoder = fc
    .constantFrom<Value>(DELETE, null, { type: 'Metaspace' }, { type: 'ByteLevel' }, 'ByteLevel', 5)
    .map((value) => edit(`decoder ${describe(value)}`, ['decoder'], (j) => set(j, 'decoder', value)));
  const post = fc
    .constantFrom<Value>(
      { type: 'BertProcessing' },
      { type: 'Sequence', processors: 5 },
      { type: 'Sequence', processors: [{ type: 'ByteLevel' }, { type: 'RobertaProcessing' }] },
      { type: 'Sequence', processors: [{ type: 'ByteLevel' }] },
      { type: 'TemplateProcessing' },
      5,
    )
    .map((value) =>
      edit(`post_processor ${describe(value)}`, ['post_processor'], (j) => set(j, 'post_processor', value)),
    );

  const whole = fc.constantFrom<Value>(null, false, 0, '', 'x', [], {}, undefined).map((value) =>
    fuzzCase(`tokenizer.json replaced by ${describe(value)}`, () => ({
      files: { ...base, tokenizerJson: value },
      names: ['not a JSON object', 'decoder', 'model is missing'],
    })),
  );

  return fc.oneof(
    top,
    { arbitrary: modelField, weight: 2 },
    { arbitrary: vocabId, weight: 3 },
    { arbitrary: vocabPair, weight: 2 },
    vocabAdded,
    { arbitrary: merge, weight: 3 },
    added,
    addedMore,
    pre,
    { arbitrary: split, weight: 2 },
    decoder,
    post,
    whole,
  );
}

interface ByteFlip {
  at: number;
  mask: number;
}

/** One to `most` bytes of a buffer `length` long, each XORed with a non-zero mask. */
function byteFlips(length: number, most: number): fc.Arbitrary<ByteFlip[]> {
  const flip = fc.record({ at: fc.nat({ max: length - 1 }), mask: fc.integer({ min: 1, max: 255 }) });
  return fc.array(flip, { minLength: 1, maxLength: most });
}

function flipped(bytes: Uint8Array, edits: ByteFlip[]): Uint8Array {
  const out = bytes.slice();
  for (const { at, mask } of edits) out[at]! ^= mask;
  return out;
}

function flipList(edits: ByteFlip[]): string {
  return edits.map((e) => `${e.at}^${e.mask}`).join(', ');
}
