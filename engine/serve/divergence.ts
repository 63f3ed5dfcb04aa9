/**
 * How far one model's next-token distribution is from another's (lesson 5's distillation): softmax at a
 * temperature, the Kullback–Leibler divergence KL(p ‖ q) = Σ p log(p / q) in nats, and whether the two agree on the
 * most likely token. Double precision, from logits in f32.
 */
import { argmax } from './sampling';

/** softmax(logits / T), in double precision. */
export function softmaxAt(logits: ArrayLike<number>, temperature: number): Float64Array {
  if (!(temperature > 0)) throw new Error(`temperature must be positive (got ${temperature})`);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const probs = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) total += probs[i] = Math.exp((logits[i]! - max) / temperature);
  for (let i = 0; i < probs.length; i++) probs[i] = probs[i]! / total;
  return probs;
}

/** KL(p ‖ q) in nats: what coding p's samples with q costs beyond p's own entropy. Infinite where q misses p's mass. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new Error(`distributions of ${p.length} and ${q.length} tokens`);
  let kl = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) kl += p[i]! * Math.log(p[i]! / q[i]!);
  return kl;
}

/** Entropy of p in nats. */
export function entropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) h -= p[i]! * Math.log(p[i]!);
  return h;
}

/** Per predicted position of two models' logits (rows, V) over the same tokens: the mean KL and top-1 agreement. */
export function rowsAgreement(
  teacher: Float32Array,
  student: Float32Array,
  rows: number,
  V: number,
): { meanKl: number; top1Agreement: number } {
  if (teacher.length < rows * V || student.length < rows * V)
    throw new Error(`need ${rows} rows of ${V} logits from both models`);
  let [kl, agree] = [0, 0];
  for (let t = 0; t < rows; t++) {
    const [a, b] = [teacher.subarray(t * V, (t + 1) * V), student.subarray(t * V, (t + 1) * V)];
    kl += klDivergence(softmaxAt(a, 1), softmaxAt(b, 1));
    if (argmax(a) === argmax(b)) agree++;
  }
  return { meanKl: kl / rows, top1Agreement: agree / rows };
}
