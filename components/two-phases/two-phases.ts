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
    measured('Decode step, one token', formatSeconds(decode.seconds)),
    measured('Decode ÷ prefill, per token', `${formatNumber(each.ratio)}×`),
    counted('Prefill intensity', `${formatNumber(prefill.intensity)} FLOP/byte`),
    counted('Decode intensity', `${formatNumber(decode.intensity)} FLOP/byte`),
  ];
}

/**
 * The measured contrast in words: what a token costs in each phase, then where the decode step falls against this
 * device's ridge. Left of it (on a GPU), the text gives the share of the copy bandwidth the step reached; on the CPU
 * fallback, whose arithmetic is slow for its memory, the ridge lies below even the decode step.
 */
export function twoPhaseText(
  points: readonly RooflinePoint[],
  tokens: number,
  model: string,
  yours: Roof,
  backend: 'webgpu' | 'cpu',
): string {
  const each = perToken(points, tokens);
  const decode = phaseTotals(points, 'decode');
  const where = backend === 'cpu' ? 'the CPU' : 'this GPU';
  const costs =
    `On ${where}, ${model} prefilled ${tokens} tokens at ${formatSeconds(each.prefill)} per token, then took ` +
    `${formatSeconds(each.decode)} to decode one more: ${formatNumber(each.ratio)} times as long per token ` +
    '(each phase’s time summed over its dispatches, each timed alone). The prefill reads each weight once for all ' +
    'its tokens; the decode step reads every weight again for one token.';
  const ridgeText = `${formatNumber(ridge(yours))} FLOP/byte`;
  if (decode.intensity < ridge(yours))
    return (
      `${costs} So the decode step sits left of your ridge (${ridgeText}), under the memory slope, where it moved ` +
      `its bytes at ${formatNumber((100 * decode.achievedBandwidth) / yours.bandwidth, 2)} % of your copy ` +
      'bandwidth; what it costs beyond that is mostly the fixed cost of launching each dispatch, large beside a ' +
      'model this small.'
    );
  return (
    `${costs} Your ridge, ${ridgeText}, lies below even the decode step's intensity: arithmetic, not memory, limits ` +
    'both phases here, and the prefill is cheaper per token because its matrix products use each weight they load ' +
    'for more than one token and it computes the output logits for its last token only.' +
    (backend === 'cpu' ? ' On a GPU the decode step falls left of the ridge.' : '')
  );
}
