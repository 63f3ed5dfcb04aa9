// The engine's quantizer against training/quantize.py, byte for byte: real weight matrices of the shipped target and
// synthetic edge cases, quantized with quantizeMatrix and dequantized, must hash to what the Python wrote into
// training/fixtures/quantized-bytes.json (python3 training/quantize_fixtures.py regenerates it).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Safetensors } from '../model/safetensors';
import { dequantizeMatrix, quantizeMatrix } from './quantize';
import { schemeName, type Bits, type IntScheme } from './scheme';

interface SchemeJson {
  name: string;
  bits: Bits;
  group: number | 'row';
  zero_point: boolean;
}

/** What quantize_fixtures.py records per (matrix, scheme); hashes are SHA-256 of little-endian bytes. */
interface Quantized {
  scheme: SchemeJson;
  input_sha256: string;
  words: number;
  sha256: string;
  first_words: number[];
  dequantized_sha256: string;
}

interface Fixture {
  model: string;
  model_sha256: string;
  tensors: (Quantized & { tensor: string; shape: [number, number] })[];
  synthetic: (Quantized & { case: string; shape: [number, number]; formula: string })[];
}

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root));
const fixture = JSON.parse(read('training/fixtures/quantized-bytes.json').toString('utf8')) as Fixture;

function sha256(values: Float32Array | Uint32Array): string {
  const bytes = new DataView(new ArrayBuffer(values.length * 4));
  if (values instanceof Float32Array) values.forEach((v, k) => bytes.setFloat32(4 * k, v, true));
  else values.forEach((v, k) => bytes.setUint32(4 * k, v, true));
  return createHash('sha256').update(new Uint8Array(bytes.buffer)).digest('hex');
}

function intScheme(scheme: SchemeJson): IntScheme {
  return { kind: 'int', bits: scheme.bits, group: scheme.group, zeroPoint: scheme.zero_point };
}

/** The fixture's fields for weight (O, I), computed by the engine. */
function quantized(weight: Float32Array, [O, I]: [number, number], scheme: SchemeJson): Quantized {
  const packed = quantizeMatrix(weight, O, I, intScheme(scheme));
  return {
    scheme: { ...scheme, name: schemeName(intScheme(scheme)) },
    input_sha256: sha256(weight),
    words: packed.words.length,
    sha256: sha256(packed.words),
    first_words: Array.from(packed.words.subarray(0, 8)),
    dequantized_sha256: sha256(dequantizeMatrix(packed)),
  };
}

/** The synthetic cases' formulas, as quantize_fixtures.py's SYNTHETIC_CASES writes them; o row, i input feature. */
const FORMULAS: Record<string, (o: number, i: number) => number> = {
  'zero-groups': (o, i) => (o === 2 || (o + Math.floor(i / 32)) % 2 === 0 ? 0 : ((i % 15) - 7) / 8),
  'ties-symmetric': (o, i) => {
    const k = i % 16;
    return (k === 0 ? 7 : k === 15 ? -7 : k - 7.5) * 2 ** -o;
  },
  'ties-zero-point': (o, i) => ((i % 16) - 7.5) * 2 ** -o,
  'one-signed': (o, i) => ((o === 0 ? -1 : 1) * (1 + ((7 * i + 3 * o) % 32))) / 16,
  absmax: (o, i) => {
    const a = 1 + o / 8;
    return i % 4 === 0 ? a : i % 4 === 1 ? -a : (((5 * i + o) % 17) - 8) / 16;
  },
  'f16-ties': (o, i) => {
    const m = 2 * o + 1;
    if (i % 8 === 0) return o < 4 ? 7 * (1 + m * 2 ** -11) : 7 * (m / 2) * 2 ** -24;
    return ((((3 * i + o) % 15) - 7) / 8) * (o < 4 ? 1 : 2 ** -24);
  },
  tiny: (o, i) => (((7 * i + o) % 15) - 7) * 5 * 2 ** -(20 + 5 * o),
};

/** The "lcg" case: x0 = 1, x(n+1) = (1664525 x(n) + 1013904223) mod 2³², one step per value, row-major. */
function lcg(O: number, I: number): Float32Array {
  const out = new Float32Array(O * I);
  let x = 1;
  for (let n = 0; n < O * I; n++) {
    x = (Math.imul(1664525, x) + 1013904223) >>> 0;
    out[n] = (((x >>> 8) - 2 ** 23) / 2 ** 23) * 2 ** -Math.floor(n / I);
  }
  return out;
}

function synthetic(name: string, [O, I]: [number, number]): Float32Array {
  if (name === 'lcg') return lcg(O, I);
  const formula = FORMULAS[name];
  if (!formula) throw new Error(`no formula for the synthetic case "${name}"`);
  return Float32Array.from({ length: O * I }, (_, k) => formula(Math.floor(k / I), k % I));
}

describe('quantizeMatrix gives the bytes training/quantize.py gives', () => {
  const file = read(fixture.model);
  const model = new Safetensors(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));

  it('reads the model file the fixture was made from', () => {
    expect(
      createHash('sha256').update(file).digest('hex'),
      `${fixture.model} changed: run python3 training/quantize_fixtures.py`,
    ).toBe(fixture.model_sha256);
  });

  it.each(fixture.tensors)('$tensor, $scheme.name', ({ tensor, shape, ...expected }) => {
    expect(quantized(model.read(tensor, shape), shape, expected.scheme)).toEqual(expected);
  });

  it.each(fixture.synthetic)(
    'synthetic $case, $scheme.name',
    ({ case: name, shape, formula, ...expected }) => {
      expect(formula).not.toBe('');
      expect(quantized(synthetic(name, shape), shape, expected.scheme)).toEqual(expected);
    },
  );

  it('covers every synthetic case it has a formula for', () => {
    expect(new Set(fixture.synthetic.map((entry) => entry.case))).toEqual(
      new Set([...Object.keys(FORMULAS), 'lcg']),
    );
  });
});
