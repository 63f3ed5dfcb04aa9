/**
 * The roofline chart: attainable FLOP/s against arithmetic intensity on log–log axes, with the bandwidth slope,
 * the compute ceiling, the ridge point, and ops placed on the roof. A pure function from data to a Plot spec.
 */
import * as Plot from '@observablehq/plot';
import { logY } from '../charts/axes';
import {
  intensityAxis,
  intensityDomain,
  roofPoints,
  ROOFLINE_MARGINS,
  type RooflineData,
} from '../charts/roofline-axes';
import { formatNumber, formatSi } from '../charts/format';
import { SERIES } from '../charts/palette';

/** The roofline of `data`: the roof, the ridge and its ops. */
export function rooflineChart(data: RooflineData): Plot.PlotOptions {
  const domain = intensityDomain(data);
  const ridge = data.peak / data.bandwidth;
  const { slope, ceiling } = roofPoints(data.peak, data.bandwidth, domain);
  const yLo = Math.min(data.bandwidth * domain[0], ...data.ops.map((op) => op.flops)) / 2;
  return {
    ...ROOFLINE_MARGINS,
    x: intensityAxis(domain, 'Arithmetic intensity (FLOP/byte) →'),
    y: logY('↑ Attainable FLOP/s', {
      domain: [yLo, data.peak * 3],
      tickFormat: (d: number) => formatSi(d, ''),
    }),
    marks: [
      Plot.line(slope, { x: 'intensity', y: 'flops', stroke: SERIES.memory, strokeWidth: 3 }),
      Plot.line(ceiling, { x: 'intensity', y: 'flops', stroke: SERIES.compute, strokeWidth: 3 }),
      Plot.ruleX([ridge], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '4 4' }),
      Plot.text([{ intensity: ridge, flops: data.peak }], {
        x: 'intensity',
        y: 'flops',
        text: () => `ridge ${formatNumber(ridge)} FLOP/byte`,
        dy: -12,
        textAnchor: 'middle',
        fill: 'currentColor',
      }),
      Plot.text([{ intensity: domain[0], flops: data.bandwidth * domain[0] }], {
        x: 'intensity',
        y: 'flops',
        text: () => `memory-bound: ${formatSi(data.bandwidth, 'B/s')} × intensity`,
        dy: -14,
        dx: 6,
        textAnchor: 'start',
        fill: SERIES.memory,
        rotate: 0,
      }),
      Plot.text([{ intensity: domain[1], flops: data.peak }], {
        x: 'intensity',
        y: 'flops',
        text: () => `compute-bound: ${formatSi(data.peak, 'FLOP/s')}`,
        dy: 14,
        textAnchor: 'end',
        fill: SERIES.compute,
      }),
      Plot.dot(data.ops, { x: 'intensity', y: 'flops', r: 6, fill: SERIES.point }),
      Plot.text(data.ops, {
        x: 'intensity',
        y: 'flops',
        text: 'label',
        dy: 16,
        fill: SERIES.point,
        fontWeight: 600,
      }),
    ],
  };
}
