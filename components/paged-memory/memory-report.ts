/**
 * The words around the two runs as a whole, every number measured by the run on this device: each allocator's
 * largest batch and its time-weighted mean internal and external waste (kv-waste.ts), a sentence comparing them
 * that says which way they went from the values themselves, and the run bar's status while the burst is served.
 */
import { kvWaste, type PolicyRun, type Reservation } from '@engine/index';
import { formatInteger } from '../charts/format';
import { formatPercent } from '../number-formats/value-text';
import { ALLOCATOR_WORDS, requests } from './step-report';

const steps = (n: number) => `${formatInteger(n)} step${n === 1 ? '' : 's'}`;

/** The readout over the whole run: each allocator's largest batch and mean waste, and the bytes a token takes. */
export function runReadout(runs: readonly PolicyRun[], bytesPerToken: number) {
  const measured = runs.flatMap((run) => {
    const waste = kvWaste(run.steps);
    const of = (what: string) => `${what}, ${run.reservation}`;
    return [
      { label: of('Largest batch'), value: requests(waste.largestBatch) },
      { label: of('Internal waste, mean'), value: formatPercent(waste.internal) },
      { label: of('External waste, mean'), value: formatPercent(waste.external) },
    ].map((item) => ({ ...item, provenance: 'measured' as const }));
  });
  // From the model's shape and the engine's f32 cache, not from the run.
  const perToken = {
    label: 'KV bytes per token',
    value: `${formatInteger(bytesPerToken)} B`,
    provenance: 'analytic' as const,
  };
  return [...measured, perToken];
}

/** The runs compared: the largest batch each admitted and the memory each wasted, on average over time. */
export function compareMemory(runs: readonly PolicyRun[]): string {
  const contiguous = runs.find((r) => r.reservation === 'contiguous');
  const paged = runs.find((r) => r.reservation === 'paged');
  if (!contiguous || !paged) return '';
  const [c, p] = [kvWaste(contiguous.steps), kvWaste(paged.steps)];
  const batch =
    p.largestBatch > c.largestBatch
      ? 'paged blocks ran more requests at once'
      : p.largestBatch < c.largestBatch
        ? 'contiguous reservations ran more requests at once'
        : 'both ran as many requests at once';
  return (
    `Serving the same ${requests(paged.requests.length)} in the same memory, ${batch}: at most ` +
    `${formatInteger(p.largestBatch)} paged against ${formatInteger(c.largestBatch)} contiguous. On average over ` +
    `the run, ${formatPercent(c.internal)} of the memory was held but not written under contiguous reservations ` +
    `against ${formatPercent(p.internal)} paged, and ${formatPercent(c.external)} was free but in pieces too small ` +
    `for the next request, against ${formatPercent(p.external)} paged. Paged took ${steps(paged.steps.length)}, ` +
    `contiguous ${steps(contiguous.steps.length)}.`
  );
}

/** The run in progress: which allocator is serving, and its steps so far. */
export interface Serving {
  reservation: Reservation;
  steps: number;
}

/** The run bar's status while the burst is served. */
export function runningWords(serving: Serving | undefined): string {
  if (!serving) return 'Warming up: one untimed batch, so that first-use costs land on neither run';
  return `Serving the burst from ${ALLOCATOR_WORDS[serving.reservation]}: ${steps(serving.steps)}`;
}

/** The run bar's status after Cancel. */
export function cancelledWords(serving: Serving | undefined): string {
  if (!serving) return 'Cancelled while warming up.';
  return `Cancelled while serving from ${ALLOCATOR_WORDS[serving.reservation]}, after ${steps(serving.steps)}.`;
}

/** The run bar's note once both runs are in. */
export function servedWords(runs: readonly PolicyRun[]): string {
  const served = runs.map((r) => `${steps(r.steps.length)} from ${ALLOCATOR_WORDS[r.reservation]}`);
  return `Served ${requests(runs[0]?.requests.length ?? 0)}: ${served.join(' and ')}.`;
}
