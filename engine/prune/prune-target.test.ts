// Pruning the shipped target for real: with Minitron's activation importance, half of its MLP neurons or of its
// residual channels can go at a smaller cost in held-out loss than with random choices, and the pruned model is
// smaller. (Half of its query heads by output norm fared no better than chance on this window: a criterion is a
// heuristic, which is why the random control is there.)
import { describe, expect, it } from 'vitest';
import { parameterCount } from '../model/weights';
import { perplexityFixture, readRepoFile, targetCpuModel } from '../testing/shipped-target';
import { activationImportance, calibrationLoss, randomImportance } from './importance';
import { keptByImportance, type Granularity } from './plan';
import { sliceModel } from './slice';

const target = targetCpuModel();
const { config, weights } = target;
// Scored on the fixture's window (the start of the held-out text); calibrated on held-out text after it.
const scored = [perplexityFixture.ids];
const heldOut = target.tokenizer.encode(readRepoFile('public/data/heldout.txt').toString('utf8'));
const calibration = [heldOut.slice(400, 528), heldOut.slice(528, 656)];

describe('pruning the shipped target', () => {
  const activation = activationImportance(config, weights, calibration);
  const random = randomImportance(config, 1);
  const loss = (importance: typeof random, granularity: Granularity) => {
    const pruned = sliceModel(config, weights, keptByImportance(config, importance, granularity, 0.5));
    return {
      loss: calibrationLoss(pruned.config, pruned.weights, scored),
      parameters: parameterCount(pruned.config),
    };
  };

  it('loses less by activation importance than at random, for neurons and for channels', () => {
    const full = calibrationLoss(config, weights, scored);
    for (const granularity of ['neurons', 'channels'] as const) {
      const [byActivation, byChance] = [loss(activation, granularity), loss(random, granularity)];
      expect(byActivation.parameters, granularity).toBeLessThan(parameterCount(config));
      expect(byActivation.parameters).toBe(byChance.parameters);
      expect(byActivation.loss, granularity).toBeGreaterThan(full);
      expect(byActivation.loss, granularity).toBeLessThan(byChance.loss);
    }
  }, 120_000); // the 10 M-parameter model run on the CPU a dozen times: tens of seconds on a busy two-core machine

  it('finds that skipping any one layer raises the loss, the first layer most', () => {
    expect(activation.layers.every((rise) => rise > 0)).toBe(true);
    expect(Math.max(...activation.layers)).toBe(activation.layers[0]);
  });
});
