/**
 * The figures and table beside the analytic sweep's charts: each policy's throughput at the heaviest load and their
 * ratio, each knee, the KV pool and how many full-length requests it holds; and every point as a table row. All
 * analytic (cost model).
 */
import { analytic } from '@engine/index';
import { formatInteger, formatNumber, formatSeconds } from '../charts/format';
import { POLICY_LABEL, type RateSweep } from './rate-sweep';
import { OUTPUT_CAP, promptRange, type KvPool } from './scale-request';
import type { SweepFigures } from './sweep-figures';

/** "30 requests/s", or "none up to 200 requests/s" when median latency never doubled on the grid. */
export function formatKnee(knee: number | undefined, heaviest: number): string {
  return knee === undefined
    ? `none up to ${formatNumber(heaviest)} requests/s`
    : `${formatNumber(knee)} requests/s`;
}

export function scaleReadout(sweep: RateSweep, figures: SweepFigures, pool: KvPool) {
  const heaviest = sweep.rates.at(-1)!;
  return [
    { label: 'Heaviest load swept', value: `${formatNumber(heaviest)} requests/s` },
    {
      label: 'Static batching there',
      value: `${formatNumber(figures.static.heaviest.throughput)} tokens/s`,
    },
    {
      label: 'Continuous batching there',
      value: `${formatNumber(figures.continuous.heaviest.throughput)} tokens/s`,
    },
    { label: 'Continuous ÷ static', value: `×${formatNumber(figures.ratio)}` },
    { label: 'Static knee', value: formatKnee(figures.static.knee, heaviest) },
    { label: 'Continuous knee', value: formatKnee(figures.continuous.knee, heaviest) },
    {
      label: 'KV pool',
      value: `${formatInteger(pool.blocks)} blocks, ${formatInteger(pool.tokens)} tokens`,
    },
    {
      label: 'Full-length requests it holds',
      value: `${formatInteger(pool.longestHeld)}, for ${formatInteger(sweep.request.slots)} slots`,
    },
  ];
}

export const SCALE_COLUMNS = [
  'Arrival rate (requests/s)',
  'Policy',
  'Throughput (tokens/s)',
  'Demand (tokens/s)',
  'Slot utilisation',
  'Time to first token, p50',
  'Latency, p50',
  'Latency, p99',
  'Preemptions',
] as const;

export function scaleTable(sweep: RateSweep): string[][] {
  return sweep.points.map((p) => [
    formatNumber(p.rate),
    POLICY_LABEL[p.policy],
    formatNumber(p.throughput),
    formatNumber(p.demand),
    `${formatNumber(100 * p.utilisation)} %`,
    formatSeconds(p.ttft),
    formatSeconds(p.p50),
    formatSeconds(p.p99),
    formatInteger(p.preemptions),
  ]);
}

/** The table's caption: what was served, on what, with which stream. */
export function scaleCaption({ request }: RateSweep): string {
  const { min, max } = promptRange(request);
  return (
    `Analytic (cost model) serving of ${analytic.modelById(request.modelId).name} on one ` +
    `${analytic.hardwareById(request.deviceId).name}, bf16: ${formatInteger(request.requests)} requests per run, ` +
    `${formatInteger(request.slots)} slots, prompts ${formatInteger(min)}–${formatInteger(max)} tokens, outputs ` +
    `geometric with mean ${formatInteger(request.meanOutput)} (at most ` +
    `${formatInteger(OUTPUT_CAP * request.meanOutput)}), seed ${formatInteger(request.seed)}`
  );
}
