// Timestamp queries around passes: more work in a pass takes longer on the GPU's clock.
import { describe, expect, it } from 'vitest';
import { LinearKernels } from './kernels/linear';
import { PassTimer } from './pass-timer';
import { randomArray, testGpu, uploadBuffer, storageBuffer } from './testing';

describe('PassTimer', () => {
  it('times passes on the GPU clock, longer for more work', async () => {
    const { device } = await testGpu();
    const timer = PassTimer.create(device);
    if (!timer) throw new Error('the test device should offer timestamp-query');
    const I = 256;
    const O = 256;
    const weight = uploadBuffer(device, 'weight', randomArray(1, I * O));
    const inp = uploadBuffer(device, 'inp', randomArray(2, I));
    const out = storageBuffer(device, 'out', O * 4);
    const encode = new LinearKernels(device).bind('timed', out, inp, weight, I, O);
    const repeat = (n: number) => (pass: GPUComputePassEncoder) => {
      for (let i = 0; i < n; i++) encode(pass, 1);
    };
    const { nanoseconds, tick } = await timer.time([repeat(1), repeat(64)]);
    expect(nanoseconds[1]!).toBeGreaterThan(nanoseconds[0]!);
    expect(tick).toBeGreaterThan(0n);
  });
});
