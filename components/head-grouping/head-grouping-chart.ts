/**
 * Grouped-query attention drawn for one model: N query heads in a row, K key/value heads under them, each
 * serving a group of N/K adjacent query heads, and a bar comparing the cache with multi-head attention's.
 * Multi-head is K = N, multi-query K = 1 (Shazeer 2019), grouped-query anything between (Ainslie et al. 2023).
 * Analytic: bytes per token from engine/analytic for the model's published shape with K replaced.
 */
import * as Plot from '@observablehq/plot';
import { analytic } from '@engine/index';
import { formatInteger, formatNumber, formatSi } from '../charts/format';
import { SERIES } from '../charts/palette';

/** The divisors of n in increasing order: the key/value head counts that split N query heads evenly. */
export function divisors(n: number): number[] {
  const found: number[] = [];
  for (let d = 1; d <= n; d++) if (n % d === 0) found.push(d);
  return found;
}

export interface HeadGrouping {
  modelName: string;
  /** Query heads. */
  N: number;
  /** Key/value heads, a divisor of N. */
  K: number;
  /** KV cache bytes per token with K heads, and with K = N. */
  bytesPerToken: number;
  mhaBytesPerToken: number;
}

/** The grouping of a model's N query heads onto K key/value heads, and its cache in `dtype`. */
export function headGrouping(
  { name, shape }: analytic.ModelPreset,
  K: number,
  dtype: analytic.DType = 'bf16',
): HeadGrouping {
  if (shape.N % K !== 0) throw new Error(`K = ${K} does not divide N = ${shape.N}`);
  return {
    modelName: name,
    N: shape.N,
    K,
    bytesPerToken: analytic.kvBytesPerToken({ ...shape, K }, dtype),
    mhaBytesPerToken: analytic.kvBytesPerToken({ ...shape, K: shape.N }, dtype),
  };
}

/** Which query heads (numbered from 1) read each key/value head, one row per key/value head. */
export function groupRows({ N, K }: Pick<HeadGrouping, 'N' | 'K'>): [string, string][] {
  const share = N / K;
  return Array.from({ length: K }, (_, k) => {
    const first = k * share + 1;
    const last = (k + 1) * share;
    return [`${k + 1}`, first === last ? `${first}` : `${first}–${last}`];
  });
}

/** What the attention with K of N heads is called. */
export function variantName({ N, K }: Pick<HeadGrouping, 'N' | 'K'>): string {
  if (K === N) return 'multi-head attention';
  if (K === 1) return 'multi-query attention';
  return 'grouped-query attention';
}

/** One sentence stating the grouping and its cache, for screen readers and the live summary. */
export function describeHeadGrouping(g: HeadGrouping): string {
  const share = g.N / g.K;
  const who =
    share === 1
      ? `each of the ${g.N} query heads has its own key/value head`
      : `${g.N} query heads share ${g.K} key/value head${g.K === 1 ? '' : 's'}, ${share} per head`;
  return (
    `${g.modelName} with ${variantName(g)}: ${who}; the cache holds ${formatSi(g.bytesPerToken, 'B')} per token, ` +
    `${formatNumber((100 * g.bytesPerToken) / g.mhaBytesPerToken)} % of multi-head's ${formatSi(g.mhaBytesPerToken, 'B')}.`
  );
}

const ROW = { query: 3, kv: 1.2, cache: -0.6 } as const;

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
