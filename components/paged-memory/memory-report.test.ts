import { describe, expect, it } from 'vitest';
import { CONTIGUOUS_RUN, PAGED_RUN } from './memory-fixture';
import { cancelledWords, compareMemory, runningWords, runReadout, servedWords } from './memory-report';

const runs = [CONTIGUOUS_RUN, PAGED_RUN];

describe('the two runs as a whole', () => {
  it('reads out each allocator’s largest batch and mean waste, measured, and the bytes a token takes', () => {
    expect(runReadout(runs, 6144).map((i) => [i.label, i.value, i.provenance])).toEqual([
      ['Largest batch, contiguous', '3 requests', 'measured'],
      ['Internal waste, mean, contiguous', '21.4 %', 'measured'],
      ['External waste, mean, contiguous', '6.25 %', 'measured'],
      ['Largest batch, paged', '4 requests', 'measured'],
      ['Internal waste, mean, paged', '13 %', 'measured'],
      ['External waste, mean, paged', '0 %', 'measured'],
      ['KV bytes per token', '6,144 B', 'analytic'],
    ]);
  });

  it('compares them from the values, whichever way they go', () => {
    expect(compareMemory(runs)).toBe(
      'Serving the same 5 requests in the same memory, paged blocks ran more requests at once: at most 4 paged ' +
        'against 3 contiguous. On average over the run, 21.4 % of the memory was held but not written under ' +
        'contiguous reservations against 13 % paged, and 6.25 % was free but in pieces too small for the next ' +
        'request, against 0 % paged. Paged took 6 steps, contiguous 7 steps.',
    );
    const swapped = [
      { ...CONTIGUOUS_RUN, reservation: 'paged' as const },
      { ...PAGED_RUN, reservation: 'contiguous' as const },
    ];
    expect(compareMemory(swapped)).toContain('contiguous reservations ran more requests at once');
    expect(compareMemory([PAGED_RUN])).toBe('');
  });

  it('says what is being served, what a cancel stopped, and what was served', () => {
    expect(runningWords(undefined)).toBe(
      'Warming up: one untimed batch, so that first-use costs land on neither run',
    );
    expect(runningWords({ reservation: 'paged', steps: 1 })).toBe(
      'Serving the burst from paged blocks: 1 step',
    );
    expect(cancelledWords({ reservation: 'contiguous', steps: 3 })).toBe(
      'Cancelled while serving from contiguous reservations, after 3 steps.',
    );
    expect(cancelledWords(undefined)).toBe('Cancelled while warming up.');
    expect(servedWords(runs)).toBe(
      'Served 5 requests: 7 steps from contiguous reservations and 6 steps from paged blocks.',
    );
  });
});
