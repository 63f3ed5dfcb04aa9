// GPU against CPU twin for the linear layer: the matrix-vector kernel (T ≤ 16), the tiled kernel (16 < T < 64)
// and the register-blocked kernel (T ≥ 64), on shapes that are not multiples of their tiles.
import { describe, expect, it } from 'vitest';
import { matmul } from '../../cpu/matmul';
import { expectClose, randomArray, runPass, storageBuffer, testGpu, uploadBuffer } from '../testing';
import { LinearKernels } from './linear';

async function compare(T: number, I: number, O: number, seed: number) {
  const { device } = await testGpu();
  const inp = randomArray(seed, T * I);
  const weight = randomArray(seed + 1, O * I, 1 / Math.sqrt(I));
  const out = storageBuffer(device, 'out', T * O * 4);
  const encode = new LinearKernels(device).bind(
    't',
    out,
    uploadBuffer(device, 'inp', inp),
    uploadBuffer(device, 'w', weight),
    I,
    O,
  );
  const gpu = await runPass(device, (pass) => encode(pass, T), out, T * O);
  const cpu = new Float32Array(T * O);
  matmul(cpu, inp, weight, T, I, O);
  // Sums of I products of order 1/√I: f32 accumulation in a different order differs by about 1e-6.
  expectClose(gpu, cpu, 2e-5, 1e-5);
}

describe('linear kernels match the CPU matmul', () => {
  it('matvec, one row (decode)', () => compare(1, 332, 129, 10));
  it('matvec, 3 rows in the 4-row pipeline (batched decode)', () => compare(3, 200, 70, 14));
  it('matvec, 16 rows', () => compare(16, 200, 70, 11));
  it('tiled, 17 rows (smallest prefill)', () => compare(17, 100, 33, 12));
  it('tiled, 45 rows, odd output width', () => compare(45, 132, 77, 13));
  it('blocked, 64 rows, one partial tile each way', () => compare(64, 36, 130, 15));
  it('blocked, 200 rows over 2 × 2 tiles, depth not a multiple of 8', () => compare(200, 132, 257, 16));
  it('refuses an input width not divisible by 4', async () => {
    const { device } = await testGpu();
    const b = storageBuffer(device, 'b', 64);
    expect(() => new LinearKernels(device).bind('t', b, b, b, 6, 2)).toThrow(
      'input width 6 must be divisible by 4',
    );
  });
});
