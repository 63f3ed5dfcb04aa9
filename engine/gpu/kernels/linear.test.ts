// GPU against CPU twin for the linear layer: the matrix-vector kernel (T ≤ 16) and the tiled kernel (T > 16),
// on shapes that are not multiples of the tile.
import { describe, it } from 'vitest';
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
  it('matvec, one row (decode)', () => compare(1, 333, 129, 10));
  it('matvec, 16 rows (batched decode)', () => compare(16, 200, 70, 11));
  it('tiled, 17 rows (smallest prefill)', () => compare(17, 100, 33, 12));
  it('tiled, 45 rows, odd sizes', () => compare(45, 130, 77, 13));
});
