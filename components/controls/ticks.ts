/** Slider stops for quantities that span orders of magnitude. */

/** 2^a … 2^b covering [min, max]. */
export function powersOfTwo(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let v = 2 ** Math.ceil(Math.log2(min)); v <= max; v *= 2) ticks.push(v);
  return ticks;
}

/** Index of the tick nearest to `value` (the lower one on a tie). */
export function nearestTickIndex(ticks: readonly number[], value: number): number {
  let best = 0;
  ticks.forEach((tick, i) => {
    if (Math.abs(tick - value) < Math.abs(ticks[best]! - value)) best = i;
  });
  return best;
}
