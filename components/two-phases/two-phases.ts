/**
 * The home page's figure: one prompt prefilled and one token decoded by a shipped model on the reader's device, each
 * phase summed over its timed dispatches, and what the two cost per token. The points themselves come from the
 * measured roofline (its dispatches, counted FLOPs and bytes, measured seconds).
 */
import { formatNumber, formatSeconds } from '../charts/format';
import { phaseTotals, ridge, type Roof, type RooflinePoint } from '../measured-roofline/measured-roofline';

/** Seconds per token of each phase, and how many times longer a decoded token takes than a prefilled one. */
export function perToken(points: readonly RooflinePoint[], tokens: number) {
  const prefill = phaseTotals(points, 'prefill').seconds / tokens;
  const decode = phaseTotals(points, 'decode').seconds;
  return { prefill, decode, ratio: decode / prefill };
}

/** The figures above the chart: each phase's time, its time per token, and its counted intensity. */
export function twoPhaseReadout(points: readonly RooflinePoint[], tokens: number) {
  const prefill = phaseTotals(points, 'prefill');
  const decode = phaseTotals(points, 'decode');
  const each = perToken(points, tokens);
  const measured = (label: string, value: string) => ({ label, value, provenance: 'measured' as const });
  const counted = (label: string, value: string) => ({ label, value, provenance: 'analytic' as const });
  return [
    measured(`Prefill, ${tokens} tokens`, formatSeconds(prefill.seconds)),
    measured('Prefill per token', formatSeconds(each.prefill)),
    measured('Decode, one token', formatSeconds(decode.seconds)),
    measured('Decode ÷ prefill, per token', `${formatNumber(each.ratio)}×`),
    counted('Prefill intensity', `${formatNumber(prefill.intensity)} FLOP/byte`),
    counted('Decode intensity', `${formatNumber(decode.intensity)} FLOP/byte`),
  ];
}

/**
 * The measured contrast in words: what a token costs in each phase, and on which side of this device's ridge each
 * whole step falls (on the CPU fallback, whose arithmetic is slow for its memory, both can fall right of it).
 */
export function twoPhaseText(
  points: readonly RooflinePoint[],
  tokens: number,
  model: string,
  yours: Roof,
): string {
  const each = perToken(points, tokens);
  const decode = phaseTotals(points, 'decode');
  const costs =
    `${model} prefilled ${tokens} tokens at ${formatSeconds(each.prefill)} per token, then took ` +
    `${formatSeconds(each.decode)} to decode one more: ${formatNumber(each.ratio)} times as long per token. ` +
    'The prefill reads each weight once for all its tokens; the decode step reads every weight again for one token.';
  const where =
    decode.intensity < ridge(yours)
      ? ` So the decode step sits left of your ridge (${formatNumber(ridge(yours))} FLOP/byte), under the memory ` +
        'slope: memory-bound.'
      : ` Your ridge is at ${formatNumber(ridge(yours))} FLOP/byte, below even the decode step's intensity: ` +
        'arithmetic limits both phases here (JavaScript on a CPU does little arithmetic for each byte it can move). ' +
        'On a GPU the decode step falls left of the ridge.';
  return costs + where;
}
