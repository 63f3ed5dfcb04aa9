/**
 * Both allocators' KV memory at one step in words and tables, every figure from the scheduler's record of its own
 * allocator: what is held, written, wasted inside reservations or blocks (internal) and stranded between them
 * (external: free, but in no piece large enough for the next request), in tokens and bytes; and the map itself as
 * rows, the chart's text alternative. A run that had ended by the step holds nothing.
 */
import { stepWaste, type KvSnapshot, type PolicyRun, type Reservation } from '@engine/index';
import { formatInteger, formatSi } from '../charts/format';
import { requestName } from '../charts/request-colours';
import { ALLOCATOR_NAMES } from './memory-chart';
import { mapCells } from './memory-map';

/** Each allocator in a sentence. */
export const ALLOCATOR_WORDS: Record<Reservation, string> = {
  contiguous: 'contiguous reservations',
  paged: 'paged blocks',
};

/** The run's memory after step `step` (numbered from 1): its record, or nothing held once the run has ended. */
export function snapshotAt(run: PolicyRun, step: number): KvSnapshot {
  const kv = run.steps[step - 1]?.kv;
  if (kv) return kv;
  const capacity = run.steps[0]?.kv.capacity ?? 0;
  return { capacity, held: 0, used: 0, largestFree: capacity, headNeeds: 0, owners: [] };
}

/** "1 token", "3 tokens". */
export const tokens = (n: number) => `${formatInteger(n)} token${n === 1 ? '' : 's'}`;
/** "1 request", "3 requests". */
export const requests = (n: number) => `${formatInteger(n)} request${n === 1 ? '' : 's'}`;
const capital = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

function describeRun(run: PolicyRun, step: number): string {
  const name = capital(ALLOCATOR_WORDS[run.reservation]);
  if (step > run.steps.length)
    return `${name} had served every request by step ${formatInteger(run.steps.length)}; the memory is free.`;
  const kv = snapshotAt(run, step);
  const { internal, external } = stepWaste({ kv });
  const free = kv.capacity - kv.held;
  const head =
    kv.headNeeds === 0
      ? 'nothing waits'
      : `the next request waits, needing ${tokens(kv.headNeeds)}` +
        (external > 0
          ? ` while the largest free piece is ${tokens(kv.largestFree)}: all ${tokens(free)} stranded`
          : '');
  return (
    `${name}: ${requests(kv.owners.length)} hold ${tokens(kv.held)} of ${formatInteger(kv.capacity)} and have ` +
    `written ${formatInteger(kv.used)}, ${tokens(internal)} held but not written; ${tokens(free)} free, ${head}.`
  );
}

/** The map at `step` in words: the chart's label and the paragraph under it. */
export function describeStep(runs: readonly PolicyRun[], step: number): string {
  return `After step ${formatInteger(step)}, measured. ${runs.map((run) => describeRun(run, step)).join(' ')}`;
}

/** The step table's columns: a figure, then each allocator. */
export const stepColumns = (runs: readonly PolicyRun[], step: number) => [
  `After step ${formatInteger(step)}`,
  ...runs.map((r) => ALLOCATOR_NAMES[r.reservation]),
];

/** The step table: each allocator's memory in tokens and bytes. */
export function stepRows(runs: readonly PolicyRun[], step: number, bytesPerToken: number): string[][] {
  const amount = (n: number) => `${tokens(n)} (${formatSi(n * bytesPerToken, 'B')})`;
  const figures: [string, (kv: KvSnapshot, run: PolicyRun) => string][] = [
    [
      'Requests holding memory',
      (kv, run) =>
        step > run.steps.length
          ? `none: all served by step ${formatInteger(run.steps.length)}`
          : formatInteger(kv.owners.length),
    ],
    ['Held', (kv) => amount(kv.held)],
    ['Written', (kv) => amount(kv.used)],
    ['Internal waste: held, not written', (kv) => amount(stepWaste({ kv }).internal)],
    ['Free', (kv) => amount(kv.capacity - kv.held)],
    ['Largest free piece', (kv) => amount(kv.largestFree)],
    ['The next request needs', (kv) => (kv.headNeeds ? amount(kv.headNeeds) : 'nothing waits')],
    ['External waste: free, in no piece it fits', (kv) => amount(stepWaste({ kv }).external)],
  ];
  return figures.map(([label, value]) => [label, ...runs.map((run) => value(snapshotAt(run, step), run))]);
}

/**
 * The map as rows: each reservation and free hole of the contiguous arena by address; each request's blocks of the
 * paged pool in the order it fills them (its page table), then the free blocks.
 */
export function mapRows(runs: readonly PolicyRun[], step: number, blockSize: number): string[][] {
  return runs.flatMap((run) => {
    const name = ALLOCATOR_NAMES[run.reservation];
    const kv = snapshotAt(run, step);
    const held = (request: number, where: string, written: number, size: number) => [
      name,
      requestName(request),
      where,
      `${formatInteger(written)} of ${tokens(size)}`,
    ];
    const free = (where: string, size: number) => [name, 'free', where, tokens(size)];
    const blocks = (list: readonly number[]) =>
      `block${list.length === 1 ? '' : 's'} ${list.map(formatInteger).join(', ')}`;
    if (run.reservation === 'contiguous')
      return mapCells(kv, 'contiguous', blockSize).map((c) => {
        const where = `tokens ${formatInteger(c.start)}–${formatInteger(c.end - 1)}`;
        return c.request === null
          ? free(where, c.end - c.start)
          : held(c.request, where, c.written, c.end - c.start);
      });
    const owned = kv.owners.flatMap((o) => ('blocks' in o ? [o] : []));
    const taken = new Set(owned.flatMap((o) => o.blocks));
    const unheld = Array.from({ length: kv.capacity / blockSize }, (_, b) => b).filter((b) => !taken.has(b));
    return [
      ...owned.map((o) => held(o.request, blocks(o.blocks), o.written, o.blocks.length * blockSize)),
      ...(unheld.length ? [free(blocks(unheld), unheld.length * blockSize)] : []),
    ];
  });
}

export const MAP_COLUMNS = ['Allocator', 'Request', 'Where', 'Written of held'] as const;
