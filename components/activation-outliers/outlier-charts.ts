/**
 * Activation outliers and LLM.int8()'s decomposition (Dettmers et al. 2022), as the activation-outliers job computed
 * them on the trained model: max |x| per input channel of one site with the channels at or past the threshold
 * highlighted, and the projections' output error against the threshold, beside the per-tensor, per-token and
 * weights-only errors. Pure: result in, Plot specs, sentences and table rows out.
 */
import * as Plot from '@observablehq/plot';
import type { ActivationOutliersResult } from '@engine/index';
import { scaleFor } from '../charts/axes';
import { formatInteger, formatNumber } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { SERIES } from '../charts/palette';
import { formatPercent, formatValue } from '../number-formats/value-text';

/** The thresholds the job decomposes at, which the threshold slider stops at. */
export const THRESHOLDS = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100] as const;

/** LLM.int8()'s default threshold. */
export const DEFAULT_THRESHOLD = 6;

export const DEFAULT_PROMPT =
  'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.';

/** Where each site's input goes, for sentences. */
export const SITE_WORDS = {
  attention: { input: 'attention input', feeds: 'q, k and v' },
  mlp: { input: 'MLP input', feeds: 'gate and up' },
  down: { input: 'down projection input', feeds: 'down' },
} as const;

/** "channel 220", "channels 7 and 220", "channels 1, 7 and 220". */
export function channelList(channels: readonly number[]): string {
  const names = channels.map(String);
  if (names.length === 1) return `channel ${names[0]}`;
  return `channels ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The columns the decomposition keeps in f32 at `threshold` (one of the result's thresholds). */
export function outliersAt(r: ActivationOutliersResult, threshold: number): number[] {
  const k = r.thresholds.indexOf(threshold);
  if (k < 0) throw new Error(`the run did not decompose at ${threshold}`);
  return r.outliersAt[k]!;
}

/** The decomposed error at `threshold`. */
export function decomposedAt(r: ActivationOutliersResult, threshold: number): number {
  return r.errors.decomposed[r.thresholds.indexOf(threshold)]!;
}

/** max |x| per channel, log-scaled, the channels the threshold takes out highlighted and the threshold as a rule. */
export function channelChart(r: ActivationOutliersResult, threshold: number): Plot.PlotOptions {
  const out = new Set(outliersAt(r, threshold));
  const points = r.maxAbs.map((max, channel) => ({ channel, max, out: out.has(channel) }));
  const lo = Math.min(...r.maxAbs, threshold);
  const hi = Math.max(r.largest.maxAbs, threshold);
  const labelled = points.filter((p) => p.out).length <= 4 ? points.filter((p) => p.out) : [];
  return {
    ...MARGINS,
    marginLeft: 50,
    marginTop: 20,
    x: { label: 'Input channel →', labelAnchor: 'center', domain: [0, r.maxAbs.length - 1] },
    y: {
      type: 'log',
      label: '↑ max |x| over the prompt',
      domain: [lo / 1.5, hi * 2],
      grid: true,
      tickFormat: (d: number) => formatNumber(d),
    },
    marks: [
      Plot.ruleY([threshold], { stroke: SERIES.compute, strokeWidth: 1.5, strokeDasharray: '5 3' }),
      Plot.text([threshold], {
        y: (d: number) => d,
        frameAnchor: 'right',
        dy: -8,
        textAnchor: 'end',
        text: (d: number) => `threshold ${formatNumber(d)}`,
        fill: SERIES.compute,
      }),
      Plot.dot(
        points.filter((p) => !p.out),
        { x: 'channel', y: 'max', r: 1.8, fill: SERIES.memory, fillOpacity: 0.75 },
      ),
      Plot.dot(
        points.filter((p) => p.out),
        { x: 'channel', y: 'max', r: 3.5, fill: SERIES.compute },
      ),
      Plot.text(labelled, {
        x: 'channel',
        y: 'max',
        text: (p: { channel: number }) =>
          r.plant?.channel === p.channel
            ? `${p.channel} (planted ×${formatNumber(r.plant.factor)})`
            : String(p.channel),
        dy: -10,
        textAnchor: 'middle',
        fill: 'currentColor',
        stroke: 'var(--plot-background)',
        strokeWidth: 3,
      }),
    ],
  };
}

/** The schemes the error chart draws, in its legend's order, and their colours. */
const SCHEMES = ['per tensor', 'per token', 'decomposed (per token)', 'int8 weights only'] as const;
const SCHEME_COLOURS = [SERIES.compute, SERIES.point, SERIES.memory, SERIES.secondary];

/** Output error against the threshold for the decomposition, with the other schemes as horizontal rules. */
export function errorChart(r: ActivationOutliersResult, threshold: number): Plot.PlotOptions {
  const { perTensor, perToken, weightsOnly, decomposed } = r.errors;
  const curve = r.thresholds.map((t, k) => ({ threshold: t, error: decomposed[k]! }));
  const rules = [
    { scheme: SCHEMES[0], error: perTensor },
    { scheme: SCHEMES[1], error: perToken },
    { scheme: SCHEMES[3], error: weightsOnly },
  ];
  const all = [perTensor, perToken, weightsOnly, ...decomposed];
  const type = scaleFor(all);
  return {
    ...MARGINS,
    marginTop: 10,
    x: {
      type: 'log',
      label: 'Threshold on |x| →',
      labelAnchor: 'center',
      tickFormat: (d: number) => formatNumber(d),
    },
    y: {
      type,
      label: '↑ Output error (%)',
      grid: true,
      percent: true,
      tickFormat: (d: number) => formatNumber(d),
      // In percent, as the scale's percent transform leaves the values.
      domain:
        type === 'linear' ? [0, Math.max(...all) * 110] : [Math.min(...all) * 80, Math.max(...all) * 125],
    },
    color: { domain: [...SCHEMES], range: SCHEME_COLOURS, legend: true },
    marks: [
      Plot.ruleX([threshold], { stroke: 'currentColor', strokeOpacity: 0.35 }),
      Plot.ruleY(rules, { y: 'error', stroke: 'scheme', strokeWidth: 1.5, strokeDasharray: '6 3' }),
      Plot.line(curve, { x: 'threshold', y: 'error', stroke: () => SCHEMES[2], strokeWidth: 2 }),
      Plot.dot(curve, {
        x: 'threshold',
        y: 'error',
        r: (d: { threshold: number }) => (d.threshold === threshold ? 5 : 2.5),
        fill: () => SCHEMES[2],
      }),
    ],
  };
}

/** What the model as trained shows at this site, said plainly when no channel reaches the threshold. */
export function trainedSentence(r: ActivationOutliersResult, modelId: string): string {
  const { largest, outlierChannels } = r.unplanted;
  const where = `layer ${r.layer}'s ${SITE_WORDS[r.site].input}`;
  const most = `the largest max |x| is ${formatNumber(largest.maxAbs)} (channel ${largest.channel})`;
  const limit = formatNumber(r.outlierThreshold);
  if (outlierChannels.length === 0)
    return (
      `In ${modelId} as trained, no channel of ${where} reaches ${limit} on this prompt: ${most}. ` +
      `LLM.int8() found such outliers in every layer of models from about 6.7 billion parameters; ` +
      `a model this small has none to show, so plant one to see what they do.`
    );
  const n = outlierChannels.length;
  return (
    `In ${modelId} as trained, ${formatInteger(n)} channel${n === 1 ? '' : 's'} of ${where} ` +
    `reach${n === 1 ? 'es' : ''} ${limit} on this prompt (${channelList(outlierChannels.slice(0, 8))}` +
    `${n > 8 ? ', …' : ''}); ${most}.`
  );
}

/** What the planted outlier does, or how to plant one. */
export function plantSentence(r: ActivationOutliersResult, threshold: number): string {
  if (!r.plant)
    return (
      `Plant an outlier to grow one channel c times ${r.site === 'down' ? 'at the up projection' : 'at the norm'} ` +
      `while the weights that read it shrink c times: ` +
      `the model computes the same, but absmax int8 now has to cover that channel.`
    );
  const { channel, factor, logitChange } = r.plant;
  const before = r.unplanted.errors;
  const kept = outliersAt(r, threshold).length;
  const change = logitChange === 0 ? 'not at all' : `by ${formatValue(logitChange, 2)} of their largest`;
  return (
    `Planting channel ${channel} ×${formatNumber(factor)} makes its max |x| ${formatNumber(r.maxAbs[channel]!)}, ` +
    `yet the logits change ${change}: the model computes the same function. Per-tensor int8's error goes from ` +
    `${formatPercent(before.perTensor)} to ${formatPercent(r.errors.perTensor)}, per-token's from ` +
    `${formatPercent(before.perToken)} to ${formatPercent(r.errors.perToken)}; decomposing at ` +
    `${formatNumber(threshold)} (${formatInteger(kept)} column${kept === 1 ? '' : 's'} in f32) gives ` +
    `${formatPercent(decomposedAt(r, threshold))}, against ${formatPercent(r.errors.weightsOnly)} for int8 ` +
    `weights alone.`
  );
}

/** What the channel chart shows. */
export function describeChannels(r: ActivationOutliersResult, threshold: number): string {
  const out = outliersAt(r, threshold);
  const where = `layer ${r.layer}'s ${SITE_WORDS[r.site].input} over ${formatInteger(r.tokens)} tokens`;
  const above =
    out.length === 0
      ? `none reaches the threshold of ${formatNumber(threshold)}`
      : `${formatInteger(out.length)} reach${out.length === 1 ? 'es' : ''} the threshold of ` +
        `${formatNumber(threshold)}${out.length <= 8 ? ` (${channelList(out)})` : ''}`;
  return (
    `Max |x| of each of the ${formatInteger(r.maxAbs.length)} channels of ${where}: ` +
    `the largest is ${formatNumber(r.largest.maxAbs)} (channel ${r.largest.channel}); ${above}.`
  );
}

/** What the error chart shows. */
export function describeErrors(r: ActivationOutliersResult, threshold: number): string {
  const { perTensor, perToken, weightsOnly } = r.errors;
  return (
    `Output error of ${SITE_WORDS[r.site].feeds} against the f32 product, int8 weights per row: ` +
    `activations per tensor ${formatPercent(perTensor)}, per token ${formatPercent(perToken)}, ` +
    `decomposed at ${formatNumber(threshold)} ${formatPercent(decomposedAt(r, threshold))}, ` +
    `activations left in f32 ${formatPercent(weightsOnly)}. The lower the threshold, the more columns stay ` +
    `in f32 and the closer the decomposition comes to the weights-only error.`
  );
}

export const CHANNEL_COLUMNS = ['Channel', 'max |x|', 'mean |x|', 'Kept in f32 at the threshold'] as const;

export function channelRows(r: ActivationOutliersResult, threshold: number): string[][] {
  const out = new Set(outliersAt(r, threshold));
  return r.maxAbs.map((max, channel) => [
    String(channel),
    formatNumber(max),
    formatNumber(r.meanAbs[channel]!),
    out.has(channel) ? 'yes' : 'no',
  ]);
}

/** Columns of the error table: the scheme, the columns kept in f32, the error over all projections, then each. */
export function errorColumns(r: ActivationOutliersResult): string[] {
  return [
    'Activations',
    'Columns in f32',
    'Error, all (%)',
    ...r.projections.map((p) => `Error, ${p.name} (%)`),
  ];
}

export function errorRows(r: ActivationOutliersResult): string[][] {
  const cells = (pick: (e: ActivationOutliersResult['errors']) => number) => [
    formatNumber(100 * pick(r.errors)),
    ...r.projections.map((p) => formatNumber(100 * pick(p))),
  ];
  return [
    ['int8 per tensor', '0', ...cells((e) => e.perTensor)],
    ['int8 per token', '0', ...cells((e) => e.perToken)],
    ...r.thresholds.map((t, k) => [
      `int8 per token, decomposed at ${formatNumber(t)}`,
      formatInteger(r.outliersAt[k]!.length),
      ...cells((e) => e.decomposed[k]!),
    ]),
    ['f32 (int8 weights only)', formatInteger(r.maxAbs.length), ...cells((e) => e.weightsOnly)],
  ];
}
