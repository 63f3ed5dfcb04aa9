/**
 * A training run's loss curves, as training/train.py records them in a model card: validation and training loss
 * (nats per token, measured during training) against tokens seen, one pair of lines per run.
 */
import * as Plot from '@observablehq/plot';
import { formatNumber } from '../charts/format';
import { SERIES } from '../charts/palette';

export interface CurvePoint {
  step: number;
  tokens: number;
  train_loss: number;
  val_loss: number;
}

export interface NamedCurve {
  label: string;
  points: readonly CurvePoint[];
}

const COLOURS = [SERIES.memory, SERIES.compute, SERIES.secondary, SERIES.point];

export function lossCurveChart(curves: readonly NamedCurve[]): Plot.PlotOptions {
  const data = curves.flatMap((c) =>
    c.points.flatMap((p) => [
      { run: c.label, split: 'validation', tokens: p.tokens / 1e6, loss: p.val_loss },
      { run: c.label, split: 'training', tokens: p.tokens / 1e6, loss: p.train_loss },
    ]),
  );
  const series = (split: string) => data.filter((d) => d.split === split);
  return {
    marginLeft: 50,
    marginBottom: 40,
    x: { label: 'Tokens seen (millions) →', labelAnchor: 'center', grid: true },
    y: { label: '↑ Loss, measured (nats per token)', grid: true, zero: false },
    color: { domain: curves.map((c) => c.label), range: COLOURS, legend: curves.length > 1 },
    marks: [
      Plot.lineY(series('validation'), { x: 'tokens', y: 'loss', stroke: 'run', strokeWidth: 2 }),
      Plot.lineY(series('training'), { x: 'tokens', y: 'loss', stroke: 'run', strokeDasharray: '4 3' }),
      Plot.tip(
        data,
        Plot.pointer({
          x: 'tokens',
          y: 'loss',
          title: (d) =>
            `${d.run}, ${d.split}: ${formatNumber(d.loss, 4)} nats/token at ${formatNumber(d.tokens, 3)} M tokens`,
        }),
      ),
    ],
  };
}

/** The lowest validation loss of each run and where it came. */
export function describeLossCurves(curves: readonly NamedCurve[]): string {
  return curves
    .map((c) => {
      const best = c.points.reduce((a, b) => (b.val_loss < a.val_loss ? b : a));
      return `${c.label}: validation loss (solid) lowest at ${formatNumber(best.val_loss, 4)} nats per token after ${formatNumber(best.tokens / 1e6, 3)} M tokens; training loss dashed.`;
    })
    .join(' ');
}

export function lossCurveRows(curves: readonly NamedCurve[]): string[][] {
  return curves.flatMap((c) =>
    c.points.map((p) => [
      c.label,
      String(p.step),
      formatNumber(p.tokens / 1e6, 4),
      formatNumber(p.train_loss, 4),
      formatNumber(p.val_loss, 4),
    ]),
  );
}
