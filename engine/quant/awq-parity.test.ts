// The engine's AWQ against training/awq.py, to the bit, from the same activation statistics: for each case of
// training/fixtures/awq-parity.json (python3 training/awq_fixtures.py regenerates it) the loss at every α (f64), the
// chosen α, the f32 scales, the folded f32 tensors and the int4 words must be what numpy found. The statistics are
// input here, not compared: a forward pass sums in another order in numpy. The fixture's calibration tokens are
// checked to be the ones the quality widget calibrates on.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from '../model/bpe-tokenizer';
import { parseConfig } from '../model/config';
import { Safetensors } from '../model/safetensors';
import { loadWeights, type LayerTensor } from '../model/weights';
import { readRepoFile, readRepoJson } from '../testing/shipped-target';
import type { InputSite } from './activation-stats';
import { AWQ_LAYERS, awqScales, foldAwqScales, type AwqScales, type AwqSearch } from './awq';
import { f32Values } from './encoded-matrix';
import { quantizeMatrix } from './quantize';
import type { Bits, IntScheme } from './scheme';

interface SchemeJson {
  name: string;
  bits: Bits;
  group: number | 'row';
  zero_point: boolean;
}

/** What awq_fixtures.py records of one search. */
interface SearchJson {
  alpha: number;
  losses: number[];
  scales_sha256: string;
  first_scales: number[];
}

interface Fixture {
  model: string;
  model_sha256: string;
  calibration_ids: [number, number];
  calibration_ids_sha256: string;
  target: {
    layer: number;
    scheme: SchemeJson;
    rows: number;
    sites: Record<string, SearchJson & { mean_abs: string; rows_seed: number }>;
    folded_sha256: Record<string, string>;
    words_sha256: Record<string, string>;
  }[];
  synthetic: (SearchJson & {
    case: string;
    shapes: [number, number][];
    scheme: SchemeJson;
    seeds: number[];
    T: number;
    inputs_sha256: string;
  })[];
}

const fixture = readRepoJson('training/fixtures/awq-parity.json') as Fixture;

/** awq.py's site names and Hugging Face tensor names, as the engine calls them. */
const SITES: Record<string, InputSite> = {
  attn_input: 'attnInput',
  mlp_input: 'mlpInput',
  down_input: 'downInput',
};
const TENSORS: Record<string, LayerTensor> = {
  input_layernorm: 'attnNorm',
  post_attention_layernorm: 'mlpNorm',
  'self_attn.q_proj': 'wq',
  'self_attn.k_proj': 'wk',
  'self_attn.v_proj': 'wv',
  'self_attn.o_proj': 'wo',
  'mlp.gate_proj': 'wGate',
  'mlp.up_proj': 'wUp',
  'mlp.down_proj': 'wDown',
};

function sha256(values: Float32Array | Uint32Array | Int32Array): string {
  const bytes = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, k) =>
    values instanceof Float32Array ? bytes.setFloat32(4 * k, v, true) : bytes.setUint32(4 * k, v >>> 0, true),
  );
  return createHash('sha256').update(new Uint8Array(bytes.buffer)).digest('hex');
}

function intScheme(scheme: SchemeJson): IntScheme {
  return { kind: 'int', bits: scheme.bits, group: scheme.group, zeroPoint: scheme.zero_point };
}

function fromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.byteLength / 4 }, (_, k) => view.getFloat32(4 * k, true));
}

/** count values ((x >> 8) − 2²³) / 2²³ in [−1, 1), x stepping x ← (1664525 x + 1013904223) mod 2³² from seed. */
function lcgUnit(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let x = seed;
  for (let n = 0; n < count; n++) {
    x = (Math.imul(1664525, x) + 1013904223) >>> 0;
    out[n] = ((x >>> 8) - 2 ** 23) / 2 ** 23;
  }
  return out;
}

/** The fixture's rows_formula: row[t, i] = f32(u(t·I + i) · m[i]) · 4, (T, I). */
function formulaRows(meanAbs: Float32Array, T: number, seed: number): Float32Array {
  const I = meanAbs.length;
  return lcgUnit(T * I, seed).map((u, k) => Math.fround(u * meanAbs[k % I]!) * 4);
}

/** The fixture's fields of one search, as the engine found them. */
function searchJson({ alpha, scales, losses }: AwqSearch): SearchJson {
  return {
    alpha,
    losses: Array.from(losses),
    scales_sha256: sha256(scales),
    first_scales: Array.from(scales.subarray(0, 4)),
  };
}

describe('awqScales, foldAwqScales and quantizeMatrix give what training/awq.py gives', () => {
  const file = readRepoFile(fixture.model);
  const folder = fixture.model.replace(/[^/]+$/, '');
  const config = parseConfig(readRepoJson(`${folder}config.json`));
  const weights = loadWeights(
    config,
    new Safetensors(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength)),
  );

  it('reads the model file the fixture was made from', () => {
    expect(createHash('sha256').update(file).digest('hex')).toBe(fixture.model_sha256);
  });

  it('calibrated on the tokens the quality widget calibrates on (public/data/heldout.txt after 8 windows)', () => {
    const tokenizer = BpeTokenizer.fromJson(readRepoJson(`${folder}tokenizer.json`));
    const ids = tokenizer.encode(readRepoFile('public/data/heldout.txt').toString('utf8'));
    expect(sha256(Int32Array.from(ids.slice(...fixture.calibration_ids)))).toBe(
      fixture.calibration_ids_sha256,
    );
  });

  it.each(fixture.target)(
    'layer $layer of the shipped target, $scheme.name',
    ({ layer, scheme, rows: T, sites, folded_sha256, words_sha256 }) => {
      const w = weights.layers[layer]!;
      const scales = {} as AwqScales;
      for (const [name, site] of Object.entries(SITES)) {
        const { mean_abs, rows_seed, ...expected } = sites[name]!;
        const meanAbs = fromBase64(mean_abs);
        const linears = AWQ_LAYERS[site].flatMap((key) => (w[key] ? [f32Values(w[key])] : []));
        const found = awqScales(linears, meanAbs, formulaRows(meanAbs, T, rows_seed), T, intScheme(scheme));
        expect(searchJson(found), `${name}`).toEqual(expected);
        scales[site] = found.scales;
      }
      const folded = foldAwqScales({ ...weights, layers: [w] }, [scales]).layers[0]!;
      const tensors = Object.fromEntries(
        Object.entries(TENSORS).map(([name, key]) => [name, f32Values(folded[key]!)] as const),
      );
      expect(Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, sha256(t)]))).toEqual(
        folded_sha256,
      );
      const { hiddenSize: D, intermediateSize: F, numHeads: N, headDim: H } = config;
      const inputs: Record<string, number> = { 'self_attn.o_proj': N * H, 'mlp.down_proj': F };
      const words = Object.keys(words_sha256).map((name) => {
        const values = tensors[name]!;
        const I = inputs[name] ?? D;
        return [name, sha256(quantizeMatrix(values, values.length / I, I, intScheme(scheme)).words)];
      });
      expect(Object.fromEntries(words)).toEqual(words_sha256);
    },
    120_000,
  );

  it.each(fixture.synthetic)('synthetic $case, $scheme.name', (entry) => {
    const { shapes, seeds, T, scheme } = entry;
    const I = shapes[0]![1];
    const linears = shapes.map(([O], j) => {
      const u = lcgUnit(O * I, seeds[j]!);
      return u.map((v, k) => (v * 2 ** -(Math.floor(k / I) % 4)) / 4);
    });
    const meanAbs = lcgUnit(I, seeds.at(-2)!).map((v, i) => Math.abs(v) * (i % 7 === 3 ? 16 : 1));
    meanAbs[1] = 0;
    const rows = formulaRows(meanAbs, T, seeds.at(-1)!);
    const inputs = Float32Array.from([...linears.flatMap((m) => Array.from(m)), ...meanAbs, ...rows]);
    expect(sha256(inputs)).toBe(entry.inputs_sha256);
    const { alpha, losses, scales_sha256, first_scales } = entry;
    expect(searchJson(awqScales(linears, meanAbs, rows, T, intScheme(scheme)))).toEqual({
      alpha,
      losses,
      scales_sha256,
      first_scales,
    });
  });
});
