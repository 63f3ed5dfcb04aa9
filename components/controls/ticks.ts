/** Slider stops for quantities that span orders of magnitude. */

/** 2^a … 2^b covering [min, max]. */
export function powersOfTwo(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let v = 2 ** Math.ceil(Math.log2(min)); v <= max; v *= 2) ticks.push(v);
  return ticks;
}
