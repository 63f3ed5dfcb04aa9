// The device-side generator of weights drawn in a storage scheme against its CPU twin: bit-identical words.
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG } from '../../model/synthetic-configs';
import { tensorSpecs } from '../../model/weights';
import type { WeightScheme } from '../../quant/scheme';
import { syntheticMatrix } from '../../quant/synthetic-encoded';
import { runPass, storageBuffer, testGpu } from '../testing';
import { SyntheticEncodedKernel } from './synthetic-encoded';

describe('synthetic-encoded matches syntheticMatrix exactly', () => {
  const schemes: Exclude<WeightScheme, { kind: 'f32' }>[] = [
    { kind: 'f16' },
    { kind: 'int', bits: 4, group: 32, zeroPoint: true },
    { kind: 'int', bits: 3, group: 64, zeroPoint: false },
  ];
  for (const scheme of schemes) {
    it(scheme.kind === 'int' ? `int${scheme.bits}` : scheme.kind, async () => {
      const { device } = await testGpu();
      const index = 2;
      const spec = tensorSpecs(TEST_CONFIG)[index]!; // layer 0's q projection
      const expected = syntheticMatrix(7, index, spec, scheme).words;
      const out = storageBuffer(device, spec.name, expected.byteLength);
      new SyntheticEncodedKernel(device).fill(out, 7, index, spec, scheme);
      const words = await runPass(device, () => {}, out, expected.length);
      expect(new Uint32Array(words.buffer)).toEqual(expected);
    });
  }
});
