/** The ids of the `k` largest values, the largest first. */
export function topIds(values: ArrayLike<number>, k: number): number[] {
  const ids = Array.from({ length: values.length }, (_, i) => i);
  return ids.sort((a, b) => values[b]! - values[a]!).slice(0, k);
}
