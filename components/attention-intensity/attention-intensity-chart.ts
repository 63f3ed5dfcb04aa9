/**
 * Attention's arithmetic intensity against context length, prefill against decode, beside the decode MLP matmul
 * at batch B and the device's ridge. Shows that decode attention stays near one FLOP per byte whatever the batch.
 */
import * as Plot from '@observablehq/plot';
import { analytic } from '@engine/index';
import { logX, logY } from '../charts/axes';
import { formatNumber, formatInteger } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { ruleLabel } from '../charts/marks';
import { SERIES } from '../charts/palette';
import { powersOfTwo } from '../controls/ticks';

export interface AttentionIntensityQuestion {
  shape: analytic.LlamaShape;
  dtype: analytic.DType;
  /** Sequences in the batch (changes the MLP line, never the attention lines). */
  B: number;
  /** The context length to mark. */
  S: number;
  /** Count only the query–key pairs a causal mask keeps. */
  causal: boolean;
  /** Ridge intensity of the chosen device, FLOP/byte. */
  ridge: number;
}

export interface IntensityPoint {
  series: 'prefill attention' | 'decode attention' | 'decode MLP matmul';
  S: number;
  intensity: number;
}

/** Contexts the lines are drawn through, in tokens. */
const CONTEXTS = powersOfTwo(16, 131072);

/** Intensity of each series at context S. */
export function intensitiesAt(q: AttentionIntensityQuestion, S: number): IntensityPoint[] {
  const { N, K, H, D, F } = q.shape;
  const heads = { B: q.B, N, K, H };
  return [
    {
      series: 'prefill attention',
      S,
      intensity: analytic.attentionCost({ ...heads, T: S, S }, q.dtype, q.causal).intensity,
    },
    {
      series: 'decode attention',
      S,
      intensity: analytic.attentionCost({ ...heads, T: 1, S }, q.dtype, q.causal).intensity,
    },
    { series: 'decode MLP matmul', S, intensity: analytic.matmulCost({ B: q.B, D, F }, q.dtype).intensity },
  ];
}

/** The three series over the fixed context sweep plus the marked context. */
export function intensitySeries(q: AttentionIntensityQuestion): IntensityPoint[] {
  const contexts = [...new Set([...CONTEXTS, q.S])].sort((a, b) => a - b);
  return contexts.flatMap((S) => intensitiesAt(q, S));
}

const COLORS = {
  'prefill attention': SERIES.compute,
  'decode attention': SERIES.memory,
  'decode MLP matmul': SERIES.secondary,
};

export function attentionIntensityChart(q: AttentionIntensityQuestion): Plot.PlotOptions {
  const points = intensitySeries(q);
  const marked = intensitiesAt(q, q.S);
  return {
    ...MARGINS,
    x: logX('Context length S (tokens) →', { tickFormat: (d: number) => formatInteger(d) }),
    y: logY('↑ Intensity (FLOP/byte)'),
    color: { domain: Object.keys(COLORS), range: Object.values(COLORS), legend: true },
    marks: [
      Plot.ruleY([q.ridge], { stroke: 'currentColor', strokeDasharray: '4 4', strokeOpacity: 0.6 }),
      ruleLabel(q.ridge, `device ridge ${formatNumber(q.ridge)} FLOP/byte`),
      Plot.line(points, { x: 'S', y: 'intensity', stroke: 'series', strokeWidth: 2.5 }),
      Plot.dot(marked, { x: 'S', y: 'intensity', fill: 'series', r: 6 }),
      Plot.text(marked, {
        x: 'S',
        y: 'intensity',
        text: (d: IntensityPoint) => formatNumber(d.intensity),
        dx: 8,
        dy: -10,
        textAnchor: 'start',
        fill: 'series',
        fontWeight: 600,
      }),
    ],
  };
}
