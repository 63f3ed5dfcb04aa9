import { describe, expect, it } from 'vitest';
import { decodeStep, type ServingSetup } from './decode';
import { hardwareById } from './hardware';
import { modelById } from './models';
import { expectedTokensPerStep, paperSpeedup, speculativeCost, verifyForward } from './speculative';

const on = (id: 'llama-2-70b' | 'llama-2-7b'): ServingSetup => ({
  model: modelById(id).shape,
  device: hardwareById('h100-sxm'),
  weightDtype: 'bf16',
  kvDtype: 'bf16',
});
const [target, draft] = [on('llama-2-70b'), on('llama-2-7b')];

describe('expected tokens per verification', () => {
  it('sums the geometric series 1 + α + … + α^K', () => {
    expect(expectedTokensPerStep(0.8, 4)).toBeCloseTo(1 + 0.8 + 0.64 + 0.512 + 0.4096, 12);
    expect(expectedTokensPerStep(0, 4)).toBe(1);
    expect(expectedTokensPerStep(1, 4)).toBe(5);
  });

  it("gives the paper's speedup: α = 0.8, K = 4, c = 0.05 is 3.3616 ÷ 1.2 = 2.80", () => {
    expect(paperSpeedup(0.8, 4, 0.05)).toBeCloseTo(3.3616 / 1.2, 12);
  });
});

describe('verifyForward', () => {
  it('is decodeStep at batch 1 when it verifies one token', () => {
    const one = verifyForward(target, 1, 1024);
    const step = decodeStep(target, 1, 1024);
    expect(one.flops).toBe(step.flops);
    expect(one.bytes).toBe(step.weightBytesRead + step.kvBytesMoved);
    expect(one.seconds).toBe(step.seconds);
  });

  it('reads the weights once for five tokens, so it costs barely more than one decode step', () => {
    const five = verifyForward(target, 5, 1024);
    expect(five.bound).toBe('memory');
    expect(five.seconds / decodeStep(target, 1, 1024).seconds).toBeLessThan(1.01);
  });

  it('turns compute-bound when it verifies hundreds of tokens at once', () => {
    expect(verifyForward(target, 512, 1024).bound).toBe('compute');
  });
});

describe('speculativeCost', () => {
  it("puts Llama 2 7B's step at about a tenth of Llama 2 70B's, and pays about 2.6× at α = 0.8, K = 4", () => {
    const cost = speculativeCost(target, draft, 4, 0.8, 1024);
    expect(cost.c).toBeGreaterThan(0.09);
    expect(cost.c).toBeLessThan(0.11);
    expect(cost.speedup).toBeGreaterThan(2.4);
    expect(cost.speedup).toBeLessThan(2.8);
    expect(cost.speedup).toBeCloseTo(cost.tokensPerSecond / cost.plainTokensPerSecond, 12);
    // The paper's formula takes the verification as one decode step: a touch optimistic.
    expect(cost.paperSpeedup).toBeGreaterThan(cost.speedup);
  });

  it('loses to plain decoding when the draft is rarely right', () => {
    expect(speculativeCost(target, draft, 4, 0.1, 1024).speedup).toBeLessThan(1);
  });
});
