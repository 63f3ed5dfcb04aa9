// The side-by-side's rows, table, sentences and readout from the matches measured on the fixture's window (decode
// rates made up), beside the shipped cards' record; a model still scoring, and the CPU's one window.
import { describe, expect, it } from 'vitest';
import {
  describeMatch,
  describeSpeed,
  matchCells,
  matchColumns,
  matchReadout,
  matchRows,
} from './teacher-match';
import { fullResult, lineup, MEASURED, recorded } from './test-lineup';

const rows = matchRows(fullResult, lineup, recorded);

describe('the side-by-side rows', () => {
  it('gives every model a row, scratch last with its record and nothing measured', () => {
    expect(rows.map((r) => r.label)).toEqual([
      'prose-target (teacher)',
      'prose-target pruned, not healed',
      'prose-pruned (pruned, healed)',
      'prose-student (distilled from random init)',
      'scratch (same shape, not shipped)',
    ]);
    expect(matchColumns('this GPU')).toHaveLength(8);
    expect(matchCells(rows[2]!)).toEqual([
      'prose-pruned (pruned, healed)',
      '2,755,008',
      '11',
      '27.12',
      '65.1',
      '0.293',
      '300',
      '3.003',
    ]);
    expect(matchCells(rows[4]!)).toEqual([
      'scratch (same shape, not shipped)',
      '2,755,008',
      'not shipped',
      'not shipped',
      'not shipped',
      'not shipped',
      'not shipped',
      '2.996',
    ]);
  });

  it('marks a model still scoring, and leaves the rows not reached empty', () => {
    const scoring = {
      ...fullResult,
      windows: 2,
      models: [{ key: 'teacher' as const, match: MEASURED.teacher }],
    };
    const partial = matchRows(scoring, lineup, recorded);
    expect(matchCells(partial[0]!)[3]).toBe('22.62 (scoring…)');
    expect(matchCells(partial[1]!).slice(1, 4)).toEqual(['2,755,008', '—', '—']);
    expect(describeMatch(partial, lineup, 256)).toMatch(/^No model has been scored to the end yet\./);
    expect(matchReadout(partial)).toEqual([]);
  });

  it('says what was measured and what was recorded, every number from the rows', () => {
    const text = describeMatch(rows, lineup, 256);
    expect(text).toContain('Measured on one window of 256 held-out tokens (255 predictions per model)');
    expect(text).toContain('The teacher, prose-target, scores a perplexity of 22.62.');
    expect(text).toContain(
      'Cut to 2.76 million parameters by activation importance and not healed: perplexity 663.6, top-1 agreement with the teacher 14.5 %, KL 3.57 nats/token.',
    );
    expect(text).toContain(
      'Healed by distillation (prose-pruned): perplexity 27.12, top-1 agreement with the teacher 65.1 %',
    );
    expect(text).toContain(
      "Trained from scratch on the student's tokens, the same shape recorded 2.996 nats/token (perplexity 20.01), " +
        'recorded by training/train.py on the whole',
    );
    expect(describeSpeed(rows, lineup, 'this GPU')).toBe(
      'Decoding one sequence on this GPU, prose-pruned runs at 300 tokens/s and the teacher at 100: 3 times as fast, with 3.7 times fewer parameters.',
    );
    expect(matchReadout(rows).map((i) => i.value)).toEqual([
      '22.62',
      '3.57 → 0.293 nats/token',
      '65.1 % vs 64.7 %',
      '× 3',
    ]);
  });
});
