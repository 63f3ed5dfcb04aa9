/**
 * The verification step of speculative sampling (Leviathan, Kalman and Matias 2023, arXiv:2211.17192; Chen et al.
 * 2023, arXiv:2302.01318). A draft model proposed K tokens x₁ … x_K, drawing x_i from its distribution q_i; the
 * target then scored all K + 1 positions in one forward, giving p_1 … p_{K+1}. In order, x_i is accepted with
 * probability min(1, p_i(x_i) / q_i(x_i)) against a uniform draw; at the first rejection the emitted token is drawn
 * from the residual max(p_i − q_i, 0), normalised, and the rest are dropped; when all K are accepted a bonus token is
 * drawn from p_{K+1}. Each emitted token is then distributed exactly as the target would sample it. (Here p is the
 * target and q the draft, as in both papers; some write it the other way round.) With one-hot distributions at each
 * model's most likely token (temperature 0), the rule reproduces greedy decoding of the target.
 */
import type { Random } from '../model/random';

/** The fate of one drafted token. */
export interface DraftedFate {
  token: number;
  /** The target's and the draft's probability of it. */
  p: number;
  q: number;
  /** min(1, p / q), and the uniform draw it was compared with. */
  acceptance: number;
  draw: number;
  accepted: boolean;
}

export interface Verification {
  /** The drafted tokens examined, in order: every accepted one, then the rejected one if any. */
  drafted: DraftedFate[];
  /** How the step's last token was chosen: from the residual after a rejection, or as the bonus after K accepts. */
  final: { kind: 'resampled'; token: number; residual: Float64Array } | { kind: 'bonus'; token: number };
  /** The tokens the step emits: the accepted drafted tokens and the final one (1 … K + 1 of them). */
  emitted: number[];
}

/** The index where the cumulative probability passes `u` (u uniform in [0, 1)); the last with mass on round-off. */
export function drawFrom(probs: ArrayLike<number>, u: number): number {
  let total = 0;
  for (let i = 0; i < probs.length; i++) total += probs[i]!;
  let remaining = u * total;
  let last = -1;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i]! <= 0) continue;
    last = i;
    remaining -= probs[i]!;
    if (remaining < 0) return i;
  }
  if (last < 0) throw new Error('cannot draw from a distribution with no mass');
  return last;
}

/** max(p − q, 0), normalised; p itself in the limit where it has no mass left over q (p = q, up to rounding). */
export function residual(p: ArrayLike<number>, q: ArrayLike<number>): Float64Array {
  const r = Float64Array.from(p, (pi, i) => Math.max(pi - q[i]!, 0));
  const total = r.reduce((s, v) => s + v, 0);
  if (!(total > 0)) return Float64Array.from(p);
  return r.map((v) => v / total);
}

/**
 * Verify `drafted` (K tokens) against the draft's distributions `q` (K rows) and the target's `p` (K + 1 rows:
 * row i for the position of drafted token i, row K for the position after them), drawing from `rng`.
 */
export function verifyDraft(
  drafted: readonly number[],
  q: readonly ArrayLike<number>[],
  p: readonly ArrayLike<number>[],
  rng: Random,
): Verification {
  const K = drafted.length;
  if (q.length !== K || p.length !== K + 1)
    throw new Error(`verifying ${K} drafted tokens needs ${K} draft rows and ${K + 1} target rows`);
  const fates: DraftedFate[] = [];
  for (let i = 0; i < K; i++) {
    const token = drafted[i]!;
    const [pi, qi] = [p[i]![token]!, q[i]![token]!];
    if (!(qi > 0)) throw new Error(`drafted token ${token} has no probability under the draft`);
    const acceptance = Math.min(1, pi / qi);
    const draw = rng.next();
    const accepted = draw < acceptance;
    fates.push({ token, p: pi, q: qi, acceptance, draw, accepted });
    if (!accepted) {
      const r = residual(p[i]!, q[i]!);
      const resampled = drawFrom(r, rng.next());
      return {
        drafted: fates,
        final: { kind: 'resampled', token: resampled, residual: r },
        emitted: [...drafted.slice(0, i), resampled],
      };
    }
  }
  const bonus = drawFrom(p[K]!, rng.next());
  return { drafted: fates, final: { kind: 'bonus', token: bonus }, emitted: [...drafted, bonus] };
}

/** The distribution that puts all its mass on the most likely token (the first, on ties): temperature 0. */
export function oneHotAtMax(probs: ArrayLike<number>): Float64Array {
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
  const out = new Float64Array(probs.length);
  out[best] = 1;
  return out;
}
