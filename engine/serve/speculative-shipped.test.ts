// Exactness on the shipped pair: for one fixed context, the first token of 20,000 seeded speculative steps (the draft
// proposes from its distribution, the target verifies) fits the target's own next-token distribution by χ² at
// α = 0.001, and resampling from p instead of the residual fails the same test. The distributions come from the CPU
// reference's forward; engine/gpu/speculative-shipped.gpu.test.ts repeats this on WebGPU.
import { describe, expect, it } from 'vitest';
import { calibrationForward } from '../quant/activation-stats';
import { FIT_PROMPT, firstTokenFit } from '../testing/speculative-fit';
import { shippedCpuModel, targetCpuModel } from '../testing/shipped-target';
import { softmaxAt } from './divergence';

const [target, draft] = [targetCpuModel(), shippedCpuModel('prose-draft')];
const context = target.tokenizer.encode(FIT_PROMPT);
const lastRow = (model: typeof target) => {
  const logits = calibrationForward(model.config, model.weights, context);
  return softmaxAt(logits.subarray((context.length - 1) * model.config.vocabSize), 1);
};

describe('speculative sampling with the shipped draft and target, on the CPU', () => {
  it('draws the first token from the target distribution, and a wrong resampling rule does not', () => {
    const [p, q] = [lastRow(target), lastRow(draft)];
    const fit = firstTokenFit(p, q, 'speculative');
    expect(fit.bins).toBeGreaterThan(20);
    expect(fit.pValue).toBeGreaterThan(0.001);
    expect(firstTokenFit(p, q, 'resample-from-p').pValue).toBeLessThan(0.001);
  }, 60_000);
});
