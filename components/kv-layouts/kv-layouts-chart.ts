/**
 * KV cache bytes per token of real models, one per way of shrinking the cache (multi-head, grouped-query,
 * multi-query, latent, cross-layer sharing, local windows), at a chosen context: a window caps what local layers
 * keep, so their average per token falls as the context grows. Each bar is beside the same model with one
 * key/value head per query head in every layer. Analytic: engine/analytic's layouts of the published configs.
 */
import * as Plot from '@observablehq/plot';
import { analytic } from '@engine/index';
import { formatInteger, formatNumber, formatSi, listed } from '../charts/format';
import { barValues, HALO } from '../charts/marks';
import { SERIES } from '../charts/palette';

/** What the bars measure: bytes per token, or the share of the multi-head cache. */
export type LayoutMeasure = 'bytes' | 'relative';

export interface LayoutRow {
  id: string;
  name: string;
  variant: analytic.KvVariant;
  /** KV bytes per token, averaged over a sequence of S tokens. */
  bytesPerToken: number;
  /** The same for the model with full multi-head attention and no sharing or window. */
  mhaBytesPerToken: number;
  /** Numbers one cached layer stores per token, as a formula. */
  perLayer: string;
  /** Which layers keep a cache, and how much of the context. */
  layers: string;
  whatIf: boolean;
  /** The longest context the model was trained for, and whether S is past it. */
  context: number;
  pastContext: boolean;
}

export interface KvLayouts {
  /** Context length, in tokens. */
  S: number;
  dtype: analytic.DType;
  rows: LayoutRow[];
}

function perLayerText(cache: analytic.LayerCache): string {
  return cache.kind === 'heads' ? `2 · ${cache.K} · ${cache.H}` : `${cache.C} + ${cache.R}`;
}

function layersText(layout: analytic.KvLayout): string {
  const { global, local } = analytic.layerSplit(layout);
  const shared = layout.shareGroup > 1 ? ` (of ${layout.L}, ${layout.shareGroup} per cache)` : '';
  if (local === 0) return `${global}${shared}`;
  const windowed = `${local} local (last ${formatInteger(layout.window!.W)} tokens)`;
  return global === 0 ? `${windowed}${shared}` : `${global} global + ${windowed}${shared}`;
}

/** Every KV layout preset at context S, stored in `dtype`. */
export function kvLayouts(S: number, dtype: analytic.DType = 'bf16'): KvLayouts {
  const rows = analytic.KV_MODELS.map((m) => ({
    id: m.id,
    name: m.name,
    variant: m.variant,
    bytesPerToken: analytic.layoutBytesPerToken(m.layout, S, dtype),
    mhaBytesPerToken: analytic.layoutBytesPerToken(analytic.mhaLayout(m), S, dtype),
    perLayer: perLayerText(m.layout.cache),
    layers: layersText(m.layout),
    whatIf: 'whatIf' in m,
    context: m.context,
    pastContext: S > m.context,
  }));
  return { S, dtype, rows };
}

/** A row's cache as a percentage of the multi-head cache. */
export function percentOfMha(row: LayoutRow): number {
  return (100 * row.bytesPerToken) / row.mhaBytesPerToken;
}

/** One sentence naming the smallest and largest caches, for screen readers and the live summary. */
export function describeKvLayouts({ S, rows }: KvLayouts): string {
  const sorted = [...rows].sort((a, b) => a.bytesPerToken - b.bytesPerToken);
  const least = sorted[0]!;
  const most = sorted.at(-1)!;
  const smallestShare = [...rows].sort((a, b) => percentOfMha(a) - percentOfMha(b))[0]!;
  const past = rows.filter((r) => r.pastContext).map((r) => rowLabel(r));
  return (
    `At ${formatInteger(S)} tokens, ${least.name} (${least.variant}) caches the least per token, ` +
    `${formatSi(least.bytesPerToken, 'B')}, and ${most.name} (${most.variant}) the most, ${formatSi(most.bytesPerToken, 'B')}; ` +
    `against its own multi-head version, ${smallestShare.name} keeps the smallest share, ${formatNumber(percentOfMha(smallestShare))} %.` +
    (past.length
      ? ` ${formatInteger(S)} tokens is past what ${listed(past)} ${past.length > 1 ? 'were' : 'was'} trained for.`
      : '')
  );
}

const VARIANT_COLOURS: Record<analytic.KvVariant, string> = {
  MHA: SERIES.muted,
  GQA: SERIES.memory,
  MQA: SERIES.secondary,
  MLA: SERIES.point,
  CLA: SERIES.compute,
  window: '#7b61d1',
};

/**
 * Row label: the model's name, marked * when the layout is a paper's design applied to its shape and † when the
 * context is past what the model was trained for.
 */
export function rowLabel(row: LayoutRow): string {
  return `${row.name}${row.whatIf ? '*' : ''}${row.pastContext ? '†' : ''}`;
}

export function kvLayoutsChart({ rows }: KvLayouts, measure: LayoutMeasure): Plot.PlotOptions {
  const value = (r: LayoutRow) => (measure === 'bytes' ? r.bytesPerToken / 1e3 : percentOfMha(r));
  const label = (r: LayoutRow) =>
    measure === 'bytes' ? formatSi(r.bytesPerToken, 'B') : `${formatNumber(percentOfMha(r))} %`;
  const mha = (r: LayoutRow) => (measure === 'bytes' ? r.mhaBytesPerToken / 1e3 : 100);
  const bars = rows.map((r) => ({
    name: rowLabel(r),
    variant: r.variant,
    opacity: r.pastContext ? 0.35 : 1,
    x: value(r),
    mha: mha(r),
    text: label(r),
  }));
  const variants = [...new Set(rows.map((r) => r.variant))];
  // Log bars start at the decade below the smallest; the domain reaches past the largest multi-head mark.
  const floor = 10 ** Math.floor(Math.log10(Math.min(...bars.map((b) => b.x))));
  const top = Math.max(...bars.map((b) => b.mha));
  const domain: [number, number] = measure === 'bytes' ? [floor, top * 1.05] : [0, 100];
  return {
    marginLeft: 120,
    marginRight: 70,
    marginBottom: 45,
    x: {
      label: measure === 'bytes' ? 'KV cache per token (kB) →' : 'Share of the multi-head cache (%) →',
      labelAnchor: 'center',
      type: measure === 'bytes' ? 'log' : 'linear',
      tickFormat: (d: number) => formatNumber(d),
      grid: true,
      domain,
    },
    y: { label: null, domain: bars.map((b) => b.name) },
    color: {
      domain: variants,
      range: variants.map((v) => VARIANT_COLOURS[v]),
      legend: true,
    },
    marks: [
      Plot.barX(bars, {
        x1: domain[0],
        x2: 'x',
        y: 'name',
        fill: 'variant',
        fillOpacity: 'opacity',
        inset: 3,
      }),
      Plot.tickX(bars, {
        x: 'mha',
        y: 'name',
        stroke: 'currentColor',
        strokeWidth: 2,
        strokeDasharray: '3 2',
      }),
      barValues(bars, {
        // After the dashed mark where it would cross the value (on the log axis: within a factor of 4).
        x: (d: { x: number; mha: number }) =>
          measure === 'relative' || d.mha / d.x < 4 ? Math.max(d.x, d.mha) : d.x,
        y: 'name',
        text: 'text',
        // Where it still crosses a dashed mark, the halo keeps it readable.
        ...HALO,
      }),
    ],
  };
}
