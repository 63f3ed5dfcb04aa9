/**
 * One measured decode step, op kind by op kind: the bytes each kind must move (weights, KV cache, activations,
 * from engine/measure's counts) beside the time it took (measured), and the bandwidth that implies.
 */
import * as Plot from '@observablehq/plot';
import { measuredOps, stepOpCounts, type LlamaConfig, type OpKind, type OpTime } from '@engine/index';
import { formatNumber, formatSeconds, formatSi } from '../charts/format';
import { SERIES } from '../charts/palette';

export interface KindRow {
  kind: OpKind;
  seconds: number;
  weightBytes: number;
  kvBytes: number;
  activationBytes: number;
}

/** Join the measured times with the op counts (engine/measure) and sum them per kind, largest time first. */
export function breakdownByKind(config: LlamaConfig, times: readonly OpTime[], cached: number): KindRow[] {
  const rows = new Map<OpKind, KindRow>();
  for (const op of measuredOps(stepOpCounts(config, [{ cached, newTokens: 1 }], 1), times)) {
    const row = rows.get(op.kind) ?? {
      kind: op.kind,
      seconds: 0,
      weightBytes: 0,
      kvBytes: 0,
      activationBytes: 0,
    };
    row.seconds += op.seconds;
    row.weightBytes += op.weightBytes;
    row.kvBytes += op.kvBytes;
    row.activationBytes += op.activationBytes;
    rows.set(op.kind, row);
  }
  return [...rows.values()].sort((a, b) => b.seconds - a.seconds);
}

export function rowBytes(row: KindRow): number {
  return row.weightBytes + row.kvBytes + row.activationBytes;
}

export function describeBreakdown(rows: readonly KindRow[]): string {
  const bytes = rows.reduce((s, r) => s + rowBytes(r), 0);
  const seconds = rows.reduce((s, r) => s + r.seconds, 0);
  const weights = rows.reduce((s, r) => s + r.weightBytes, 0);
  const kv = rows.reduce((s, r) => s + r.kvBytes, 0);
  const matmul = rows.find((r) => r.kind === 'matmul')?.seconds ?? 0;
  const pct = (part: number, whole: number) => `${formatNumber((100 * part) / whole, 2)} %`;
  return (
    `This decode step moves ${formatSi(bytes, 'B')}: weights ${pct(weights, bytes)}, KV cache ${pct(kv, bytes)}. ` +
    `Its ops took ${formatSeconds(seconds)} in all (${formatSi(bytes / seconds, 'B/s')} overall), the matmuls ${pct(matmul, seconds)} of it.`
  );
}

/** Bytes per op kind, stacked by what they are. */
export function bytesChart(rows: readonly KindRow[]): Plot.PlotOptions {
  const parts = rows.flatMap((r) => [
    { kind: r.kind, part: 'weights', mb: r.weightBytes / 1e6 },
    { kind: r.kind, part: 'KV cache', mb: r.kvBytes / 1e6 },
    { kind: r.kind, part: 'activations', mb: r.activationBytes / 1e6 },
  ]);
  return {
    marginLeft: 90,
    marginBottom: 40,
    x: { label: 'Bytes moved, counted (MB) →', labelAnchor: 'center', grid: true },
    y: { label: null, domain: rows.map((r) => r.kind) },
    color: {
      domain: ['weights', 'KV cache', 'activations'],
      range: [SERIES.memory, SERIES.compute, SERIES.muted],
      legend: true,
    },
    marks: [Plot.barX(parts, { y: 'kind', x: 'mb', fill: 'part' }), Plot.ruleX([0])],
  };
}

/** Measured time per op kind. */
export function timeChart(rows: readonly KindRow[]): Plot.PlotOptions {
  const data = rows.map((r) => ({ kind: r.kind, ms: r.seconds * 1e3 }));
  return {
    marginLeft: 90,
    marginBottom: 40,
    x: { label: 'Time, measured (ms) →', labelAnchor: 'center', grid: true },
    y: { label: null, domain: rows.map((r) => r.kind) },
    marks: [Plot.barX(data, { y: 'kind', x: 'ms', fill: SERIES.point }), Plot.ruleX([0])],
  };
}
