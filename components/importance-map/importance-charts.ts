/**
 * Lesson 5's importance maps, from the prune-importance job's scores: the heads of every layer as a grid of cells,
 * the layers as bars, and each layer's MLP neurons ranked, to show how few of them carry most of the score. Pure:
 * result in, Plot specs, sentences and table rows out.
 */
import * as Plot from '@observablehq/plot';
import type { PruneImportanceResult } from '@engine/index';
import { formatInteger, formatNumber } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { SERIES } from '../charts/palette';

type Criterion = PruneImportanceResult['criterion'];

/** What a score is, by criterion and part. */
export const SCORE_WORDS: Record<Criterion, { head: string; neuron: string; layer: string }> = {
  activation: {
    head: "mean L2 norm of the head's output per token",
    neuron: 'mean |activation| per token',
    layer: 'rise in calibration loss when the layer is skipped (nats/token)',
  },
  magnitude: {
    head: 'L2 norm of its query rows and output columns',
    neuron: 'L2 norm of its gate and up rows and down column',
    layer: 'L2 norm of its linear weights',
  },
  random: { head: 'random score', neuron: 'random score', layer: 'random score' },
};

/** The share of neurons the concentration figure counts: the top tenth. */
export const TOP_SHARE = 0.1;

/** The share of a layer's total neuron score held by its top `share` of neurons. */
export function topShareOfScore(scores: readonly number[], share = TOP_SHARE): number {
  const sorted = [...scores].sort((a, b) => b - a);
  const total = sorted.reduce((s, v) => s + v, 0);
  const top = sorted.slice(0, Math.max(1, Math.round(sorted.length * share))).reduce((s, v) => s + v, 0);
  return total > 0 ? top / total : 0;
}

const headCells = (r: PruneImportanceResult) =>
  r.heads.flatMap((scores, layer) => scores.map((score, head) => ({ layer, head, score })));

/** Layers down, heads across, each cell coloured by its score. */
export function headChart(r: PruneImportanceResult): Plot.PlotOptions {
  return {
    ...MARGINS,
    marginLeft: 60,
    x: { type: 'band', label: 'Query head →', labelAnchor: 'center' },
    y: { type: 'band', label: '↓ Layer' },
    color: { type: 'linear', scheme: 'blues', legend: true, label: 'Head score' },
    marks: [
      Plot.cell(headCells(r), { x: 'head', y: 'layer', fill: 'score', inset: 1 }),
      Plot.text(headCells(r), {
        x: 'head',
        y: 'layer',
        text: (d: { score: number }) => formatNumber(d.score, 2),
        fill: 'currentColor',
        stroke: 'var(--plot-background)',
        strokeWidth: 3,
        paintOrder: 'stroke',
      }),
    ],
  };
}

/** The most and least important head, in words. */
export function describeHeads(r: PruneImportanceResult): string {
  const cells = headCells(r).sort((a, b) => b.score - a.score);
  const [best, worst] = [cells[0]!, cells.at(-1)!];
  return (
    `Importance of each of the ${formatInteger(r.heads[0]!.length)} query heads in each of the ` +
    `${formatInteger(r.heads.length)} layers, by ${SCORE_WORDS[r.criterion].head}: the highest is layer ` +
    `${best.layer}'s head ${best.head} (${formatNumber(best.score, 3)}), the lowest layer ${worst.layer}'s head ` +
    `${worst.head} (${formatNumber(worst.score, 3)}).`
  );
}

export const HEAD_COLUMNS = ['Layer', 'Head', 'Score'] as const;

export const headRows = (r: PruneImportanceResult) =>
  headCells(r).map(({ layer, head, score }) => [String(layer), String(head), formatNumber(score, 4)]);

/** One bar per layer. */
export function layerChart(r: PruneImportanceResult): Plot.PlotOptions {
  const layers = r.layers.map((score, layer) => ({ layer, score }));
  return {
    ...MARGINS,
    marginLeft: 60,
    x: { label: `${SCORE_WORDS[r.criterion].layer} →`, labelAnchor: 'center', grid: true },
    y: { type: 'band', label: '↓ Layer' },
    marks: [Plot.barX(layers, { x: 'score', y: 'layer', fill: SERIES.memory }), Plot.ruleX([0])],
  };
}

export function describeLayers(r: PruneImportanceResult): string {
  const order = r.layers.map((score, layer) => ({ layer, score })).sort((a, b) => b.score - a.score);
  return (
    `Importance of each of the ${formatInteger(r.layers.length)} layers, by ${SCORE_WORDS[r.criterion].layer}: ` +
    `layer ${order[0]!.layer} scores highest (${formatNumber(order[0]!.score, 3)}), layer ${order.at(-1)!.layer} ` +
    `lowest (${formatNumber(order.at(-1)!.score, 3)}).`
  );
}

export const LAYER_COLUMNS = ['Layer', 'Score'] as const;

export const layerRows = (r: PruneImportanceResult) =>
  r.layers.map((score, layer) => [String(layer), formatNumber(score, 4)]);

/** Each layer's neuron scores, sorted from the highest, over its highest: how fast importance falls off. */
export function neuronChart(r: PruneImportanceResult): Plot.PlotOptions {
  const points = r.neurons.flatMap((scores, layer) => {
    const sorted = [...scores].sort((a, b) => b - a);
    const top = sorted[0] || 1;
    return sorted.map((score, rank) => ({
      layer: `layer ${layer}`,
      rank: rank / sorted.length,
      share: score / top,
    }));
  });
  return {
    ...MARGINS,
    x: {
      label: 'Neurons, most important first (% of the layer) →',
      labelAnchor: 'center',
      percent: true,
    },
    y: { label: '↑ Score over the layer’s highest', domain: [0, 1], grid: true },
    color: { legend: true },
    marks: [Plot.lineY(points, { x: 'rank', y: 'share', stroke: 'layer' })],
  };
}

export function describeNeurons(r: PruneImportanceResult): string {
  const shares = r.neurons.map((scores) => topShareOfScore(scores));
  const [lo, hi] = [Math.min(...shares), Math.max(...shares)];
  return (
    `Each layer's ${formatInteger(r.neurons[0]!.length)} MLP neurons, sorted by ${SCORE_WORDS[r.criterion].neuron}: ` +
    `the top ${formatNumber(TOP_SHARE * 100)} % of a layer's neurons hold ${formatNumber(lo * 100)} to ` +
    `${formatNumber(hi * 100)} % of its total score.`
  );
}

export const NEURON_COLUMNS = ['Layer', 'Highest', 'Median', 'Lowest', 'Top 10 % hold'] as const;

export const neuronRows = (r: PruneImportanceResult) =>
  r.neurons.map((scores, layer) => {
    const sorted = [...scores].sort((a, b) => b - a);
    return [
      String(layer),
      formatNumber(sorted[0]!, 4),
      formatNumber(sorted[Math.floor(sorted.length / 2)]!, 4),
      formatNumber(sorted.at(-1)!, 4),
      `${formatNumber(topShareOfScore(scores) * 100)} %`,
    ];
  });

/** The three charts with their sentences and tables, in the order the widget shows them. */
export function importanceReports(r: PruneImportanceResult) {
  return [
    {
      spec: headChart(r),
      summary: describeHeads(r),
      height: 260,
      caption: 'Score of each query head, by layer',
      columns: HEAD_COLUMNS,
      rows: headRows(r),
    },
    {
      spec: layerChart(r),
      summary: describeLayers(r),
      height: 200,
      caption: 'Score of each layer',
      columns: LAYER_COLUMNS,
      rows: layerRows(r),
    },
    {
      spec: neuronChart(r),
      summary: describeNeurons(r),
      height: 240,
      caption: "Each layer's MLP neuron scores",
      columns: NEURON_COLUMNS,
      rows: neuronRows(r),
    },
  ];
}
