/**
 * Three hand-made verifications with K = 2, for this folder's tests: the first accepts one drafted token and
 * resamples after rejecting the second, the second accepts both and adds a bonus, the third rejects its first drafted
 * token (a space). Numbers are chosen to work by hand: 6 tokens emitted, α = 4.1 / 6, mean draft 5 ms, verify 12 ms.
 */
import type { StepView } from '@engine/index';

export const SAMPLE_STEPS: StepView[] = [
  {
    drafted: [
      { token: 5, text: ' the', p: 0.6, q: 0.5, acceptance: 1, draw: 0.42, accepted: true },
      { token: 9, text: ' same', p: 0.15, q: 0.6, acceptance: 0.25, draw: 0.7, accepted: false },
    ],
    final: { kind: 'resampled', token: 11, text: ' fortune' },
    positions: [
      {
        bars: [
          { token: 5, text: ' the', p: 0.6, q: 0.5 },
          { token: 7, text: ' a', p: 0.3, q: 0.2 },
        ],
        restP: 0.1,
        restQ: 0.3,
      },
      {
        // max(p − q, 0) is 0.4 and 0.2 on the first two and nothing elsewhere: normalised, ⅔ and ⅓.
        bars: [
          { token: 11, text: ' fortune', p: 0.5, q: 0.1, residual: 2 / 3 },
          { token: 12, text: ' wife', p: 0.3, q: 0.1, residual: 1 / 3 },
          { token: 9, text: ' same', p: 0.15, q: 0.6, residual: 0 },
        ],
        restP: 0.05,
        restQ: 0.2,
      },
    ],
    overlap: [0.8, 0.4],
    draftSeconds: 0.004,
    verifySeconds: 0.01,
  },
  {
    drafted: [
      { token: 13, text: ' man', p: 0.9, q: 0.8, acceptance: 1, draw: 0.95, accepted: true },
      { token: 15, text: ' in', p: 0.4, q: 0.5, acceptance: 0.8, draw: 0.3, accepted: true },
    ],
    final: { kind: 'bonus', token: 17, text: '\n' },
    positions: [
      {
        bars: [
          { token: 13, text: ' man', p: 0.9, q: 0.8 },
          { token: 14, text: ' woman', p: 0.05, q: 0.1 },
        ],
        restP: 0.05,
        restQ: 0.1,
      },
      {
        bars: [
          { token: 15, text: ' in', p: 0.4, q: 0.5 },
          { token: 16, text: ' of', p: 0.35, q: 0.2 },
        ],
        restP: 0.25,
        restQ: 0.3,
      },
      {
        bars: [
          { token: 17, text: '\n', p: 0.7, q: 0 },
          { token: 18, text: ' and', p: 0.2, q: 0 },
        ],
        restP: 0.1,
        restQ: 0,
      },
    ],
    overlap: [0.9, 0.8],
    draftSeconds: 0.006,
    verifySeconds: 0.014,
  },
  {
    drafted: [{ token: 19, text: ' ', p: 0.1, q: 0.4, acceptance: 0.25, draw: 0.5, accepted: false }],
    final: { kind: 'resampled', token: 20, text: 'It' },
    positions: [
      {
        bars: [
          { token: 20, text: 'It', p: 0.6, q: 0.3, residual: 1 },
          { token: 19, text: ' ', p: 0.1, q: 0.4, residual: 0 },
        ],
        restP: 0.3,
        restQ: 0.3,
      },
    ],
    overlap: [0.5, 0.7],
    draftSeconds: 0.005,
    verifySeconds: 0.012,
  },
];
