// GPU argmax against the CPU's greedy choice: rows with ties (the first index wins), a maximum in the last
// column, and the chosen ids written both to `chosen` and to the token rows the logit rows came from.
import { describe, expect, it } from 'vitest';
import { argmax } from '../../serve/sampling';
import { randomArray, runPass, storageBuffer, testGpu, uploadBuffer } from '../testing';
import { ArgmaxKernel } from './argmax';

describe('argmax matches the CPU greedy choice', () => {
  it('per logit row, into chosen and into the token rows', async () => {
    const { device } = await testGpu();
    const [R, V, T] = [3, 1000, 5];
    const logits = randomArray(7, R * V, 4);
    logits[V - 1] = 9; // row 0: the last column
    logits[V + 17] = 9; // row 1: a tie, the first index wins
    logits[V + 600] = 9;
    const rows = Int32Array.from([4, 0, 2]);
    const chosen = storageBuffer(device, 'chosen', R * 4);
    const tokens = uploadBuffer(device, 'tokens', Int32Array.from([-1, -1, -1, -1, -1]));
    const encode = new ArgmaxKernel(device).bind(
      't',
      chosen,
      tokens,
      uploadBuffer(device, 'logits', logits),
      uploadBuffer(device, 'rows', rows),
      V,
    );
    const gpu = new Int32Array((await runPass(device, (pass) => encode(pass, R), chosen, R)).buffer);
    const cpu = [0, 1, 2].map((r) => argmax(logits.subarray(r * V, (r + 1) * V)));
    expect(cpu.slice(0, 2)).toEqual([V - 1, 17]);
    expect(Array.from(gpu)).toEqual(cpu);
    const next = new Int32Array((await runPass(device, () => {}, tokens, T)).buffer);
    expect(Array.from(next)).toEqual([cpu[1], -1, cpu[2], -1, cpu[0]]);
  });
});
