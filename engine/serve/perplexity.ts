/**
 * How well a model predicts a text: the mean negative log-likelihood (nats per token) of each token given the ones
 * before it, and its exponential, the perplexity. Log-softmax in double precision, from logits in f32.
 */

/**
 * Mean −log p(ids[t+1] | ids[..t]) over t from `first`, from logits (rows, V) where row t predicts ids[t + 1]. A
 * `first` past 0 leaves out the predictions of ids that are not part of the scored text (a prefix's ids after its first).
 */
export function meanNextTokenNll(logits: Float32Array, ids: readonly number[], V: number, first = 0): number {
  const predicted = ids.length - 1;
  if (predicted - first < 1) throw new Error('scoring needs at least one predicted token');
  if (logits.length < predicted * V)
    throw new Error(`need ${predicted} rows of logits, got ${logits.length / V}`);
  let total = 0;
  for (let t = first; t < predicted; t++) {
    const row = logits.subarray(t * V, (t + 1) * V);
    let max = -Infinity;
    for (const x of row) max = Math.max(max, x);
    let sum = 0;
    for (const x of row) sum += Math.exp(x - max);
    total += max + Math.log(sum) - row[ids[t + 1]!]!;
  }
  return total / (predicted - first);
}
