/**
 * Lesson 8's page-table run in words: what each operation did to the blocks (events of the same kind and sequence
 * told together), the state of the pool at each moment, and the tables that stand in for the drawing.
 */
import type { PageEvent, PageSnapshot } from '@engine/index';
import { formatInteger } from '../charts/format';

const list = (blocks: readonly number[]) => {
  const names = blocks.map(formatInteger);
  const tail = names.pop();
  return names.length ? `${names.join(', ')} and ${tail}` : (tail ?? '');
};
const blocksWord = (blocks: readonly number[]) =>
  `${blocks.length === 1 ? 'block' : 'blocks'} ${list(blocks)}`;

interface Group {
  kind: PageEvent['kind'];
  sequence: string;
  /** For blocks let go of: whether the prefix cache keeps them. */
  cached: boolean;
  events: PageEvent[];
}

/** The operation's events, those of one kind and one sequence together, in the order they first happen. */
function groups(events: readonly PageEvent[]): Group[] {
  const found: Group[] = [];
  for (const e of events) {
    const cached = e.kind === 'release' && e.cached;
    const group = found.find((g) => g.kind === e.kind && g.sequence === e.sequence && g.cached === cached);
    if (group) group.events.push(e);
    else found.push({ kind: e.kind, sequence: e.sequence, cached, events: [e] });
  }
  return found;
}

function groupSentence({ kind, sequence: name, cached, events }: Group, snapshot: PageSnapshot): string {
  const blocks = events.map((e) => (e.kind === 'copy' ? e.dst : e.block));
  const them = blocks.length === 1 ? 'it' : 'them';
  switch (kind) {
    case 'allocate':
      return `${name} takes free ${blocksWord(blocks)}.`;
    case 'evict':
      return `${name} takes ${blocksWord(blocks)} from the prefix cache, forgetting what ${blocks.length === 1 ? 'it' : 'they'} held.`;
    case 'hit':
      return `${name} finds ${blocksWord(blocks)} in the prefix cache and takes ${them} back.`;
    case 'share': {
      const refs = blocks.map((b) => snapshot.refs[b] ?? 0);
      const same = refs.every((r) => r === refs[0]);
      return `${name} shares ${blocksWord(blocks)}${same ? `, now with ${formatInteger(refs[0]!)} references each` : ''}.`;
    }
    case 'copy':
      return events
        .map((e) =>
          e.kind === 'copy'
            ? `${name} writes into block ${formatInteger(e.src)}, which another sequence shares: copy-on-write first copies it into block ${formatInteger(e.dst)}, and the write goes to the copy.`
            : '',
        )
        .join(' ');
    case 'release':
      return cached
        ? `${name} lets go of ${blocksWord(blocks)}: no sequence holds ${them}, and the prefix cache keeps ${them}.`
        : `${name} lets go of ${blocksWord(blocks)}.`;
  }
}

/** What the operation did, one sentence per kind of event and sequence. */
export function eventSentences(snapshot: PageSnapshot): string[] {
  return groups(snapshot.events).map((g) => groupSentence(g, snapshot));
}

export interface PoolCounts {
  held: number;
  shared: number;
  cached: number;
  free: number;
}

export function poolCounts(snapshot: PageSnapshot): PoolCounts {
  const cached = snapshot.cached.length;
  const held = snapshot.refs.filter((r) => r > 0).length;
  return {
    held,
    shared: snapshot.refs.filter((r) => r > 1).length,
    cached,
    free: snapshot.refs.length - held - cached,
  };
}

/** One sentence for screen readers: where the run is and what the pool holds. */
export function describeSnapshot(snapshot: PageSnapshot, index: number, total: number): string {
  const c = poolCounts(snapshot);
  return (
    `Operation ${formatInteger(index + 1)} of ${formatInteger(total)}: ${snapshot.action} ` +
    `Of ${formatInteger(snapshot.refs.length)} blocks, ${formatInteger(c.held)} are held (${formatInteger(c.shared)} shared), ` +
    `${formatInteger(c.cached)} cached and ${formatInteger(c.free)} free.`
  );
}

export const TABLE_COLUMNS = ['Sequence', 'Tokens', 'Page table (logical → physical block)', 'Shared blocks'];

/** Each live sequence's page table as text. */
export function tableRows(snapshot: PageSnapshot): string[][] {
  return snapshot.sequences.map((s) => {
    const shared = s.table.filter((b) => (snapshot.refs[b] ?? 0) > 1);
    return [
      s.name,
      formatInteger(s.length),
      s.table.map((b, i) => `${formatInteger(i)} → ${formatInteger(b)}`).join(', '),
      shared.length ? list(shared) : 'none',
    ];
  });
}

export const POOL_COLUMNS = ['Physical block', 'References', 'State', 'Held by'];

const STATE_WORDS = { free: 'free', held: 'held', shared: 'shared', cached: 'cached, held by none' } as const;

/** Every block of the pool that is not free, as text. */
export function poolRows(snapshot: PageSnapshot): string[][] {
  return snapshot.refs.flatMap((refs, block) => {
    const state =
      refs > 1 ? 'shared' : refs === 1 ? 'held' : snapshot.cached.includes(block) ? 'cached' : 'free';
    if (state === 'free') return [];
    const holders = snapshot.sequences.filter((s) => s.table.includes(block)).map((s) => s.name);
    return [[formatInteger(block), formatInteger(refs), STATE_WORDS[state], holders.join(', ') || '—']];
  });
}
