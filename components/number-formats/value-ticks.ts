/** Slider stops for values that span many orders of magnitude, of either sign. */

/** Seven stops a decade: 1, 1.5, 2, 3, 4, 5, 7 times a power of ten. */
const STOPS = [1, 1.5, 2, 3, 4, 5, 7] as const;

/** The stops from 10^lo up to 10^hi, ascending. */
export function logStops(lo: number, hi: number): number[] {
  const values: number[] = [];
  for (let k = lo; k < hi; k++) for (const m of STOPS) values.push(Number((m * 10 ** k).toPrecision(3)));
  values.push(10 ** hi);
  return values;
}

/** The stops mirrored about zero: −10^hi … −10^lo, 0, 10^lo … 10^hi. */
export function signedLogStops(lo: number, hi: number): number[] {
  const positive = logStops(lo, hi);
  return [...positive.map((v) => -v).reverse(), 0, ...positive];
}
