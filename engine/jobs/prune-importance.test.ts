// Lesson 5's importance maps on the shipped target: activation scores from held-out text after the scored window,
// weight magnitudes and the seeded control, each with a score for every head, neuron, channel and layer.
import { describe, expect, it } from 'vitest';
import { perplexityFixture, readRepoFile, targetCpuModel } from '../testing/shipped-target';
import { keptByImportance, keptInWidth } from '../prune/plan';
import { randomImportance } from '../prune/importance';
import {
  CALIBRATION_WINDOW_TOKENS,
  CALIBRATION_WINDOWS,
  importanceOf,
  pruneImportance,
  RANDOM_SEED,
} from './prune-importance';

const model = targetCpuModel();
const calibrationText = readRepoFile('public/data/heldout.txt').toString('utf8');
const skipTokens = perplexityFixture.ids.length;

describe('pruneImportance on the shipped target', () => {
  it('scores every part by activation over held-out text after the scored window', () => {
    const r = pruneImportance(model, { criterion: 'activation', calibrationText, skipTokens });
    const { numLayers: L, numHeads: N, intermediateSize: F, hiddenSize: D } = model.config;
    expect([r.heads.length, r.heads[0]!.length, r.neurons.length, r.neurons[0]!.length]).toEqual([
      L,
      N,
      L,
      F,
    ]);
    expect([r.channels.length, r.layers.length]).toEqual([D, L]);
    expect(r.calibrationTokens).toBe(CALIBRATION_WINDOWS * CALIBRATION_WINDOW_TOKENS);
    expect(r.heads.flat().every((s) => s > 0)).toBe(true);
    // Recorded from this model: every layer matters, the first the most.
    expect(r.layers.every((rise) => rise > 0)).toBe(true);
    expect(Math.max(...r.layers)).toBe(r.layers[0]);
  }, 120_000); // the 10 M-parameter model run on the CPU 16 times over 128 tokens: tens of seconds on two cores

  it('scores by the weights alone or at random without calibration text, and refuses too little text', () => {
    const magnitude = pruneImportance(model, { criterion: 'magnitude', calibrationText: '' });
    const random = pruneImportance(model, { criterion: 'random', calibrationText: '' });
    expect([magnitude.calibrationTokens, random.calibrationTokens]).toEqual([0, 0]);
    expect(magnitude.neurons[2]!.every((s) => s > 0)).toBe(true);
    expect(random).toEqual(pruneImportance(model, { criterion: 'random', calibrationText: '' }));
    expect(() => pruneImportance(model, { criterion: 'activation', calibrationText: 'Too short.' })).toThrow(
      `activation importance needs ${CALIBRATION_WINDOW_TOKENS} tokens of calibration text; it was given ` +
        `${model.tokenizer.encode('Too short.').length}`,
    );
  });

  it('gives back scores the pruning plan takes, as the engine computed them', () => {
    const r = pruneImportance(model, { criterion: 'random', calibrationText: '' });
    const scores = importanceOf(r);
    expect(scores).toEqual(randomImportance(model.config, RANDOM_SEED));
    const c = model.config;
    const widths = { hiddenSize: 192, intermediateSize: 512, numHeads: 3, numKvHeads: 1 };
    expect(keptInWidth(c, scores, widths).heads.every((h) => h.length === 3)).toBe(true);
    expect(keptByImportance(c, scores, 'layers', 0.5).layers).toHaveLength(c.numLayers / 2);
  });
});
