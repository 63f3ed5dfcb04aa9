// The sentences on the sample verifications: each step as announced, the acceptance test at an accepted and a
// rejected position, the residual a rejection resampled from, and the bonus.
import { describe, expect, it } from 'vitest';
import { SAMPLE_STEPS } from './sample-steps';
import { fateSentence, residualSentence, stepSentence } from './speculative-words';
import { chosenPosition } from './stream-items';

const at = (step: number, position: number) => chosenPosition(SAMPLE_STEPS, { step, position });

describe('the speculative stream in words', () => {
  it('announces what each verification did', () => {
    expect(SAMPLE_STEPS.map((view, i) => stepSentence(view, i, 3))).toEqual([
      'Verification 1 of 3: 1 of 2 drafted tokens accepted; ‘␣same’ rejected and ‘␣fortune’ resampled.',
      'Verification 2 of 3: 2 of 2 drafted tokens accepted, then the bonus ‘↵’.',
      'Verification 3 of 3: 0 of 2 drafted tokens accepted; ‘␣’ rejected and ‘It’ resampled.',
    ]);
  });

  it('compares the draw with min(1, p/q)', () => {
    expect(fateSentence(at(0, 1))).toBe(
      'The draft proposed ‘␣same’ with q = 0.6; the target gives p = 0.15; accepted with probability ' +
        'min(1, p/q) = 0.25; the uniform draw was 0.7, not below it → rejected.',
    );
    expect(fateSentence(at(1, 1))).toBe(
      'The draft proposed ‘␣in’ with q = 0.5; the target gives p = 0.4; accepted with probability ' +
        'min(1, p/q) = 0.8; the uniform draw was 0.3, below it → accepted.',
    );
  });

  it('names the token drawn from the residual, and only after a rejection', () => {
    expect(residualSentence(at(0, 1))).toBe(
      'The rejection ends the step: its last token, ‘␣fortune’, was drawn from the residual max(p − q, 0), ' +
        'normalised, which gives it 0.667; the rejected ‘␣same’ gets 0 there, since the draft gave it more ' +
        'than the target.',
    );
    expect(residualSentence(at(0, 0))).toBeUndefined();
    expect(residualSentence(at(1, 2))).toBeUndefined();
  });

  it('says the bonus came from p alone after K accepts', () => {
    expect(fateSentence(at(1, 2))).toBe(
      "All 2 drafted tokens were accepted, so the target's one forward had a position to spare: ‘↵’ was " +
        "sampled from the target's p there (p = 0.7). The draft proposed nothing at this position, so there is " +
        'no q.',
    );
  });
});
