// The stream model on the three sample verifications: each token's kind and position in order, the position shown
// first, what a chosen position holds, and the prompt's tail.
import { describe, expect, it } from 'vitest';
import { SAMPLE_STEPS } from './sample-steps';
import { chosenPosition, defaultSelection, streamSteps } from './stream-items';

const kinds = (steps = SAMPLE_STEPS) =>
  streamSteps(steps).map((s) => s.tokens.map((t) => `${t.kind}:${t.text}@${t.step}.${t.position}`));

describe('the speculative stream model', () => {
  it('lists accepted, rejected, then resampled or bonus tokens, each at its position', () => {
    expect(kinds()).toEqual([
      ['accepted: the@0.0', 'rejected: same@0.1', 'resampled: fortune@0.1'],
      ['accepted: man@1.0', 'accepted: in@1.1', 'bonus:\n@1.2'],
      ['rejected: @2.0', 'resampled:It@2.0'],
    ]);
    expect(streamSteps([])).toEqual([]);
  });

  it('starts at the first rejection, else at the first position', () => {
    expect(defaultSelection(SAMPLE_STEPS)).toEqual({ step: 0, position: 1 });
    expect(defaultSelection(SAMPLE_STEPS.slice(1))).toEqual({ step: 1, position: 0 });
    expect(defaultSelection([SAMPLE_STEPS[1]!])).toEqual({ step: 0, position: 0 });
    expect(defaultSelection([])).toBeUndefined();
  });

  it('gives a chosen position its fate, the token resampled there, or the bonus', () => {
    const rejected = chosenPosition(SAMPLE_STEPS, { step: 0, position: 1 });
    expect(rejected).toMatchObject({
      kind: 'drafted',
      fate: { text: ' same', acceptance: 0.25, accepted: false },
      resampled: { token: 11, text: ' fortune' },
    });
    expect(rejected.view.bars.map((b) => b.residual)).toEqual([2 / 3, 1 / 3, 0]);
    const accepted = chosenPosition(SAMPLE_STEPS, { step: 0, position: 0 });
    expect(accepted).toMatchObject({ kind: 'drafted', fate: { text: ' the', accepted: true } });
    expect(accepted).not.toHaveProperty('resampled');
    expect(chosenPosition(SAMPLE_STEPS, { step: 1, position: 2 })).toMatchObject({
      kind: 'bonus',
      bonus: { token: 17, text: '\n' },
      draftTokens: 2,
      view: { restP: 0.1, restQ: 0 },
    });
  });
});
