// Speculative sampling's verification: its mechanics on hand-made distributions, greedy decoding reproduced at
// temperature 0, and exactness: 20,000 seeded first tokens fit the target's distribution by χ² at α = 0.001, while
// two deliberately wrong rules fail the same test. (Accepting with p / q left uncapped is no wrong rule: a uniform
// draw below 1 passes both p / q and min(1, p / q) whenever p ≥ q.)
import { describe, expect, it } from 'vitest';
import { Random } from '../model/random';
import { softmaxAt } from './divergence';
import { chiSquareFit } from './goodness-of-fit';
import { drawFrom, oneHotAtMax, residual, verifyDraft } from './speculative';

const V = 12;
const K = 3;
const rows = (seed: number, count: number) => {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => softmaxAt(rng.uniformArray(V, 2.5), 1));
};
// The target's and the draft's distributions at each position, the same whatever was drafted before.
const p = rows(1, K + 1);
const q = rows(2, K);

/** K drafted tokens, each drawn from the draft's row. */
const draft = (rng: Random) => q.map((row) => drawFrom(row, rng.next()));

/** The first token each of `n` steps emits, counted by token. */
function firstTokens(n: number, step: (rng: Random) => number): number[] {
  const rng = new Random(7);
  const counts = Array<number>(V).fill(0);
  for (let i = 0; i < n; i++) counts[step(rng)]!++;
  return counts;
}

const ALPHA = 0.001;
const N = 20_000;

describe('drawFrom and residual', () => {
  it('draws where the cumulative mass passes u, and keeps what p has beyond q', () => {
    expect([0, 0.29, 0.3, 0.99].map((u) => drawFrom([0.3, 0, 0.7], u))).toEqual([0, 0, 2, 2]);
    expect(() => drawFrom([0, 0], 0.5)).toThrow('no mass');
    expect(Array.from(residual([0.5, 0.3, 0.2], [0.2, 0.6, 0.2]))).toEqual([1, 0, 0]);
    expect(Array.from(residual([0.5, 0.5], [0.5, 0.5]))).toEqual([0.5, 0.5]);
  });
});

describe('verifyDraft', () => {
  it('accepts a token the target likes at least as much, and rejects into the residual otherwise', () => {
    const rng = new Random(3);
    const same = verifyDraft(
      [1],
      [[0.5, 0.5]],
      [
        [0.5, 0.5],
        [0, 1],
      ],
      rng,
    );
    expect(same.drafted[0]).toMatchObject({ acceptance: 1, accepted: true });
    expect(same.final).toEqual({ kind: 'bonus', token: 1 });
    expect(same.emitted).toEqual([1, 1]);
    const never = verifyDraft(
      [0, 1],
      [
        [1, 0],
        [0, 1],
      ],
      [
        [0, 1],
        [1, 0],
        [1, 0],
      ],
      rng,
    );
    expect(never.drafted).toHaveLength(1);
    expect(never.drafted[0]).toMatchObject({ token: 0, p: 0, q: 1, acceptance: 0, accepted: false });
    expect(never.final).toMatchObject({ kind: 'resampled', token: 1 });
    expect(never.emitted).toEqual([1]);
    expect(() => verifyDraft([0], [], p, rng)).toThrow('needs 1 draft rows and 2 target rows');
  });

  it('reproduces greedy decoding of the target at temperature 0', () => {
    const greedyP = p.map(oneHotAtMax);
    const target = greedyP.map((row) => row.indexOf(1)); // [9, 7, 11, 1] for these rows
    const oneHot = (token: number) => Float64Array.from({ length: V }, (_, i) => (i === token ? 1 : 0));
    const rng = new Random(5);
    // A draft that agrees with the target's first choices twice, then not: two accepted, the third replaced.
    const drafted = [target[0]!, target[1]!, (target[2]! + 1) % V];
    const partly = verifyDraft(drafted, drafted.map(oneHot), greedyP, rng);
    expect(partly.emitted).toEqual(target.slice(0, 3));
    expect(partly.final.kind).toBe('resampled');
    // A draft that agrees throughout: all K accepted, and the bonus is the target's next first choice.
    const agreeing = target.slice(0, K);
    const whole = verifyDraft(agreeing, agreeing.map(oneHot), greedyP, rng);
    expect(whole.emitted).toEqual(target);
    expect(whole.final).toEqual({ kind: 'bonus', token: target[K] });
  });

  it('emits tokens distributed as the target samples them', () => {
    const counts = firstTokens(N, (rng) => verifyDraft(draft(rng), q, p, rng).emitted[0]!);
    const fit = chiSquareFit(counts, p[0]!); // recorded: χ² 8.35 on 11 degrees of freedom, p = 0.68
    expect(fit.bins).toBeGreaterThan(5);
    expect(fit.pValue).toBeGreaterThan(ALPHA);
  });

  it('fails the same test with a wrong rule: resampling from p instead of the residual', () => {
    const counts = firstTokens(N, (rng) => {
      const [token] = draft(rng);
      const accept = rng.next() < Math.min(1, p[0]![token!]! / q[0]![token!]!);
      return accept ? token! : drawFrom(p[0]!, rng.next());
    });
    expect(chiSquareFit(counts, p[0]!).pValue).toBeLessThan(ALPHA); // recorded: χ² 3,447
  });

  it('fails the same test with a wrong rule: accepting with probability p(x) alone', () => {
    const counts = firstTokens(N, (rng) => {
      const [token] = draft(rng);
      return rng.next() < p[0]![token!]! ? token! : drawFrom(residual(p[0]!, q[0]!), rng.next());
    });
    expect(chiSquareFit(counts, p[0]!).pValue).toBeLessThan(ALPHA); // recorded: χ² 7,743
  });
});
