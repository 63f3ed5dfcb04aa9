/**
 * Grouped-query attention drawn for one model: N query heads in a row, K key/value heads under them, each
 * serving a group of N/K adjacent query heads, and a bar comparing the cache with multi-head attention's.
 */
import * as Plot from '@observablehq/plot';
import { formatInteger, formatSi } from '../charts/format';
import { SERIES } from '../charts/palette';
import type { HeadGrouping } from './head-grouping';

const ROW = { query: 3, kv: 1.2, cache: -0.6 } as const;

/** The grouping drawn: each query head joined to the key/value head it reads, and the cache per token. */
export function headGroupingChart(g: HeadGrouping): Plot.PlotOptions {
  const share = g.N / g.K;
  const queries = Array.from({ length: g.N }, (_, i) => ({ i, group: Math.floor(i / share) }));
  const kvs = Array.from({ length: g.K }, (_, k) => ({ k, x1: k * share, x2: (k + 1) * share }));
  const colour = (group: number) => (group % 2 === 0 ? SERIES.memory : SERIES.secondary);
  // Labels sit outside the boxes: above the query heads and the cache bar, below the key/value heads.
  const labels = [
    { y: ROW.query + 1, text: `${g.N} query heads`, anchor: 'bottom' },
    { y: ROW.kv - 0.1, text: `${g.K} key/value head${g.K === 1 ? '' : 's'}`, anchor: 'top' },
    { y: ROW.cache + 0.35, text: 'cache per token', anchor: 'bottom' },
  ] as const;
  return {
    marginLeft: 8,
    marginRight: 8,
    marginTop: 8,
    marginBottom: 8,
    x: { axis: null, domain: [0, g.N] },
    y: { axis: null, domain: [ROW.cache - 0.3, ROW.query + 1.5] },
    marks: [
      Plot.link(queries, {
        x1: (d: { i: number }) => d.i + 0.5,
        y1: ROW.query,
        x2: (d: { group: number }) => (d.group + 0.5) * share,
        y2: ROW.kv + 0.9,
        stroke: (d: { group: number }) => colour(d.group),
        strokeOpacity: 0.7,
      }),
      Plot.rect(queries, {
        x1: 'i',
        x2: (d: { i: number }) => d.i + 1,
        y1: ROW.query,
        y2: ROW.query + 0.9,
        inset: 0.5,
        fill: (d: { group: number }) => colour(d.group),
      }),
      Plot.rect(kvs, {
        x1: 'x1',
        x2: 'x2',
        y1: ROW.kv,
        y2: ROW.kv + 0.9,
        inset: 1.5,
        fill: (d: { k: number }) => colour(d.k),
        stroke: 'currentColor',
      }),
      Plot.rect([0], { x1: 0, x2: g.N, y1: ROW.cache - 0.2, y2: ROW.cache + 0.2, stroke: 'currentColor' }),
      Plot.rect([0], { x1: 0, x2: g.K, y1: ROW.cache - 0.2, y2: ROW.cache + 0.2, fill: SERIES.compute }),
      ...labels.map((label) =>
        Plot.text([label], {
          x: 0,
          y: 'y',
          text: 'text',
          textAnchor: 'start',
          lineAnchor: label.anchor,
          fill: 'currentColor',
          fontWeight: 600,
        }),
      ),
      Plot.text([0], {
        x: g.N,
        y: ROW.cache + 0.35,
        text: () =>
          `${formatSi(g.bytesPerToken, 'B')} = ${formatInteger(g.K)}/${formatInteger(g.N)} of multi-head`,
        textAnchor: 'end',
        lineAnchor: 'bottom',
        fill: 'currentColor',
      }),
    ],
  };
}
