/**
 * The words and tables around a served stream, every number measured by the run on this device: each policy's
 * metrics side by side, a sentence comparing them that says which was higher from the values themselves, and each
 * request's times under both policies, the slot charts' text alternative.
 */
import type { PolicyRun } from '@engine/index';
import { formatInteger, formatNumber, formatSeconds } from '../charts/format';
import { formatPercent } from '../number-formats/value-text';
import { requestName } from '../charts/request-colours';
import { POLICY_NAMES } from './serving';

export const metricColumns = (runs: readonly PolicyRun[]) => [
  'Measured (wall clock)',
  ...runs.map((r) => POLICY_NAMES[r.policy]),
];

const METRICS: readonly [string, (run: PolicyRun) => string][] = [
  ['Throughput', (r) => `${formatNumber(r.metrics.throughput)} tokens/s`],
  ['Slots working', (r) => formatPercent(r.metrics.utilisation)],
  ['Time to first token, p50', (r) => formatSeconds(r.metrics.ttft.p50)],
  ['Time to first token, p99', (r) => formatSeconds(r.metrics.ttft.p99)],
  ['Time per output token, p50', (r) => formatSeconds(r.metrics.tpot.p50)],
  ['Latency, p50', (r) => formatSeconds(r.metrics.latency.p50)],
  ['Latency, p99', (r) => formatSeconds(r.metrics.latency.p99)],
  ['Makespan (whole stream)', (r) => formatSeconds(r.metrics.makespan)],
  ['Steps', (r) => formatInteger(r.steps.length)],
  ['Preemptions', (r) => formatInteger(r.preempted.length)],
];

export function metricRows(runs: readonly PolicyRun[]): string[][] {
  return METRICS.map(([label, value]) => [label, ...runs.map(value)]);
}

/** "1.71 times", a over b. */
const times = (a: number, b: number) => `${formatNumber(a / b)} times`;

/** When continuous batching finished next to static batching. */
const finished = (continuous: number, still: number) =>
  continuous < still ? 'sooner' : continuous > still ? 'later' : 'at the same time';

/** The two policies compared, each figure beside the other's; no claim the values do not make. */
export function compareRuns(runs: readonly PolicyRun[]): string {
  const still = runs.find((r) => r.policy === 'static');
  const moving = runs.find((r) => r.policy === 'continuous');
  if (!still || !moving) return '';
  const [s, c] = [still.metrics, moving.metrics];
  return (
    `Served the same ${formatInteger(moving.requests.length)} requests, continuous batching finished ` +
    `${finished(c.makespan, s.makespan)}, in ${formatSeconds(c.makespan)} against ${formatSeconds(s.makespan)}: ` +
    `${formatNumber(c.throughput)} tokens/s, ${times(c.throughput, s.throughput)} static batching's ` +
    `${formatNumber(s.throughput)}, with its slots working ${formatPercent(c.utilisation)} of the time against ` +
    `${formatPercent(s.utilisation)}. Its median time to first token was ${formatSeconds(c.ttft.p50)} against ` +
    `${formatSeconds(s.ttft.p50)}, and its p99 latency ${formatSeconds(c.latency.p99)} against ` +
    `${formatSeconds(s.latency.p99)}.`
  );
}

export const requestColumns = (runs: readonly PolicyRun[]) => [
  'Request',
  'Arrived',
  'Tokens generated',
  ...runs.flatMap((r) => [`First token, ${POLICY_NAMES[r.policy]}`, `Finished, ${POLICY_NAMES[r.policy]}`]),
];

/** Each request's arrival and, per policy, when its first token came and when it finished, after the stream began. */
export function requestRows(runs: readonly PolicyRun[]): string[][] {
  const first = runs[0];
  if (!first) return [];
  return first.requests.map((request) => [
    requestName(request.id),
    formatSeconds(request.arrival),
    formatInteger(request.tokens.length),
    ...runs.flatMap((run) => {
      const r = run.requests.find((q) => q.id === request.id)!;
      return [formatSeconds(r.firstTokenAt), formatSeconds(r.finishedAt)];
    }),
  ]);
}
