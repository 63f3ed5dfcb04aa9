// The engine's LLM.int8() against training/llm_int8.py on the inputs of training/fixtures/llm-int8-parity.json
// (python3 training/llm_int8_fixtures.py regenerates it): the weight's int8 codes and row scales, the outlier
// columns, the activation scales and codes must be numpy's exactly; the outputs agree to float tolerance, since
// numpy adds the outlier columns' products in another order.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Safetensors } from '../model/safetensors';
import { readRepoFile, readRepoJson } from '../testing/shipped-target';
import {
  INT8_ROW,
  int8MatmulDecomposed,
  int8Weight,
  outlierColumns,
  quantizeActivations,
  type ActivationGranularity,
} from './llm-int8';
import { quantizeMatrix } from './quantize';

interface Run {
  threshold: number | null;
  granularity: ActivationGranularity;
  outliers: number[];
  scales: number[];
  codes_sha256: string;
  out: string;
}

interface Fixture {
  model: string;
  model_sha256: string;
  cases: {
    case: string;
    tensor?: string;
    formula?: string;
    shape: [number, number];
    T: number;
    x: string;
    weight_codes_sha256: string;
    weight_scales_sha256: string;
    runs: Run[];
  }[];
}

const fixture = readRepoJson('training/fixtures/llm-int8-parity.json') as Fixture;

function sha256(bytes: ArrayBufferView): string {
  return createHash('sha256')
    .update(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    .digest('hex');
}

/** Little-endian float32 values from base64. */
function fromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.byteLength / 4 }, (_, k) => view.getFloat32(4 * k, true));
}

/** The synthetic case's weight: the fixture's formula, awq_fixtures.lcg_unit(24 · 64, seed 41) · 0.25. */
function synthetic(O: number, I: number): Float32Array {
  let x = 41;
  return Float32Array.from({ length: O * I }, () => {
    x = (Math.imul(1664525, x) + 1013904223) >>> 0;
    return (((x >>> 8) - 2 ** 23) / 2 ** 23) * 0.25;
  });
}

describe('int8MatmulDecomposed gives what training/llm_int8.py gives', () => {
  const file = readRepoFile(fixture.model);
  const model = new Safetensors(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));

  it('reads the model file the fixture was made from', () => {
    expect(createHash('sha256').update(file).digest('hex')).toBe(fixture.model_sha256);
  });

  describe.each(fixture.cases)('$case', ({ tensor, shape: [O, I], T, x: xText, runs, ...expected }) => {
    const weight = quantizeMatrix(tensor ? model.read(tensor, [O, I]) : synthetic(O, I), O, I, INT8_ROW);
    const x = fromBase64(xText); // (T, I)

    it('reads the same int8 weight codes and row scales', () => {
      const { codes, scales } = int8Weight(weight);
      expect([sha256(codes), sha256(scales)]).toEqual([
        expected.weight_codes_sha256,
        expected.weight_scales_sha256,
      ]);
    });

    it.each(runs)('threshold $threshold, per $granularity', (run) => {
      const outliers = outlierColumns(x, T, I, run.threshold);
      const { codes, scales } = quantizeActivations(x, T, I, outliers, run.granularity);
      expect(Array.from(outliers)).toEqual(run.outliers);
      expect(Array.from(scales)).toEqual(run.scales);
      expect(sha256(codes)).toBe(run.codes_sha256);

      const out = new Float32Array(T * O);
      int8MatmulDecomposed(out, x, weight, T, run.threshold, run.granularity);
      const reference = fromBase64(run.out);
      const largest = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(largest).toBeGreaterThan(0);
      const worst = out.reduce((m, v, k) => Math.max(m, Math.abs(v - reference[k]!)), 0);
      expect(worst).toBeLessThanOrEqual(largest * 2 ** -22);
    });
  });
});
