import { describe, expect, it } from 'vitest';
import { payoffOf } from './payoff';
import { payoffResult } from './payoff-fixture';
import { describeSpeedup, describeTokens, payoffReadout, payoffTable, verdict } from './payoff-report';

const cheap = payoffOf(payoffResult())!;
// The CPU: the verification's cost grows with the positions (4.5 steps at K = 4) and no K pays.
const cpu = payoffOf(payoffResult([0.02, 0.03, 0.045], [70, 80, 60]))!;

describe('the payoff in words', () => {
  it('reads out α, c, the largest verification, the target alone and the best K, all measured', () => {
    expect(payoffReadout(cheap).map((r) => [r.label, r.value, r.provenance])).toEqual([
      ['Acceptance rate α, all K', '0.7', 'measured'],
      ['Draft step ÷ target step, c', '0.4 (4 ms ÷ 10 ms)', 'measured'],
      ['Verifying K + 1 = 5 tokens', '1.3 target decode steps (13 ms)', 'measured'],
      ['Target alone', '100 tokens/s', 'measured'],
      ['Best speedup', '×1.2 at K = 2', 'measured'],
    ]);
  });

  it('says each chart in a sentence', () => {
    expect(describeTokens(cheap)).toBe(
      'Tokens per verification, measured: 1.6 at K = 1 to 2.8 at K = 4; the formula (1 − α^(K+1)) / (1 − α) at ' +
        'the overall α of 0.7 gives 1.7 at K = 1 to 2.77 at K = 4.',
    );
    expect(describeSpeedup(cheap)).toBe(
      "Speedup over the target alone, measured: ×1.1 at K = 1 to ×1.05 at K = 4. The paper's formula, with " +
        'c = 0.4 and a verification costing one decode step, predicts ×1.21 at K = 1 to ×1.07 at K = 4; with ' +
        "this device's measured verification instead, ×1.13 at K = 1 to ×0.956 at K = 4.",
    );
  });

  it('says a verification costing about one step is what the trick needs', () => {
    expect(verdict(cheap, 'webgpu')).toBe(
      'A verification of K + 1 = 5 tokens cost 1.3 target decode steps here (measured at K = 4), about one, ' +
        'as the trick needs: the extra positions ride on what a step pays once however many it scores, reading ' +
        "the target's weights and, for models this small, the fixed cost of running a step at all. Measured, " +
        'the best speedup is ×1.2, at K = 2.',
    );
  });

  it('says why a verification costs more on the CPU, and on a GPU with models this small', () => {
    expect(verdict(cpu, 'cpu')).toBe(
      'A verification of K + 1 = 5 tokens cost 4.5 target decode steps here (measured at K = 4), clearly more ' +
        'than one. On the CPU fallback the forward is compute-bound: every position does its own multiply-adds ' +
        "over every weight on the same few cores, so the cost grows with the positions, towards 5 times one step's, " +
        'and scoring the drafts in one pass saves little. Measured, no K beat the target alone (the best was ' +
        '×0.8, at K = 2): each verification also waits for K draft steps of c = 0.4 target steps each.',
    );
    expect(verdict(cpu, 'webgpu')).toMatch(
      /clearly more than one\. Models this small do not make decode memory-bound on this GPU: .* no weight read of the target's to share\./,
    );
  });

  it('tables every K, measured beside the formulas', () => {
    expect(payoffTable(cheap.rows)[2]).toEqual([
      '4',
      '0.7',
      '2.8',
      '2.77',
      '105',
      '×1.05',
      '×1.07',
      '×0.956',
      '1.3',
      '4 ms',
      '13 ms',
    ]);
  });
});
