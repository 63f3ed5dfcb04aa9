// GPU against the CPU twin (int8MatmulDecomposed, per token) for the W8A8 linear layers: plain W8A8 and LLM.int8()'s
// decomposition at 6, on seeded random activations with one planted outlier column, for 1, 3 and 20 rows, an odd
// output count (the f16 scales lie two to a word), the residual add folded in, and the int8 helpers both through
// WGSL's packed_4x8_integer_dot_product (where the browser has it) and through shifts.
import { describe, expect, it } from 'vitest';
import { int8MatmulDecomposed } from '../../quant/llm-int8';
import { quantizeMatrix } from '../../quant/quantize';
import { INT8_CODES, type W8A8Scheme } from '../../quant/scheme';
import { expectClose, randomArray, runPass, storageBuffer, testGpu, uploadBuffer } from '../testing';
import { hasPackedDot, W8A8Kernels } from './w8a8';

const I = 96;
const O = 13;
const MAX_ROWS = 24;
/** The planted outlier column and its value in one row: past the threshold of 6, the rest within ±2. */
const PLANTED = { column: 37, value: -9.5 };

const shared = new Map<boolean, W8A8Kernels>();

async function w8a8Kernels(packedDot: boolean): Promise<{ device: GPUDevice; kernels: W8A8Kernels }> {
  const { device } = await testGpu();
  if (!shared.has(packedDot)) shared.set(packedDot, new W8A8Kernels(device, { packedDot }));
  return { device, kernels: shared.get(packedDot)! };
}

async function compare(
  packedDot: boolean,
  threshold: number | null,
  T: number,
  seed: number,
  accumulate = false,
) {
  const { device, kernels } = await w8a8Kernels(packedDot);
  const scheme: W8A8Scheme = { kind: 'w8a8', threshold };
  const inp = randomArray(seed, T * I, 2); // (T, I)
  inp[(T - 1) * I + PLANTED.column] = PLANTED.value;
  const weight = quantizeMatrix(randomArray(seed + 1, O * I, Math.sqrt(3 / I)), O, I, INT8_CODES); // (O, I)
  const residual = randomArray(seed + 2, T * O); // (T, O)
  const cpu = new Float32Array(T * O);
  const info = int8MatmulDecomposed(cpu, inp, weight, T, threshold, 'token');
  expect(Array.from(info.outliers)).toEqual(threshold === null ? [] : [PLANTED.column]);
  if (accumulate) cpu.forEach((v, i) => (cpu[i] = Math.fround(v + residual[i]!)));
  const out = uploadBuffer(device, 'out', residual);
  const encode = kernels.bind(
    't',
    out,
    uploadBuffer(device, 'inp', inp),
    uploadBuffer(device, 'weights', weight.words),
    scheme,
    I,
    O,
    { accumulate, maxRows: MAX_ROWS },
  );
  const gpu = await runPass(device, (pass) => encode(pass, T), out, T * O);
  // The codes and the int32 dot products are exact on both sides; only the scaling and the outlier columns' f32 sum
  // (f64 on the CPU) round differently: within 1e-5 relative, 1e-5 absolute for outputs near zero.
  expectClose(gpu, cpu, 1e-5, 1e-5);
}

describe('W8A8 linear kernels match int8MatmulDecomposed', () => {
  const variants = hasPackedDot() ? [true, false] : [false];
  for (const packedDot of variants)
    for (const threshold of [null, 6])
      for (const T of [1, 3, 20]) {
        const name = `${packedDot ? 'dot4I8Packed' : 'shifts'}, threshold ${threshold}, ${T} row${T > 1 ? 's' : ''}`;
        it(name, () => compare(packedDot, threshold, T, 7 * T + (threshold ?? 0) + (packedDot ? 1 : 0)));
      }

  it('adding into the residual stream, threshold 6, 3 rows', () => compare(false, 6, 3, 50, true));

  it('refuses what the kernels cannot read', async () => {
    const { device, kernels } = await w8a8Kernels(false);
    const b = storageBuffer(device, 'b', 1 << 12);
    const scheme: W8A8Scheme = { kind: 'w8a8', threshold: 6 };
    expect(() => kernels.bind('t', b, b, b, { kind: 'f16' }, 64, 2, { maxRows: 1 })).toThrow('not W8A8');
    expect(() => kernels.bind('t', b, b, b, scheme, 30, 2, { maxRows: 1 })).toThrow('divisible by 4');
    expect(() => kernels.bind('t', b, b, b, scheme, 256, 64, { maxRows: 1 })).toThrow(
      'not the 16512 it reads',
    );
    const encode = kernels.bind('t', b, b, b, scheme, 32, 2, { maxRows: 2 });
    expect(() => encode({} as GPUComputePassEncoder, 3)).toThrow('3 rows, more than the 2 bound');
  });
});
