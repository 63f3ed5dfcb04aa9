import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { bestOf, speculativePair, speedupCurve } from './cost-curves';
import { costReadout, costTable, describeCost } from './cost-report';

const pair = speculativePair(analytic.hardwareById('h100-sxm'), 'bf16');

describe('the analytic speculative step in words', () => {
  const curve = speedupCurve(pair, 0.8, 1024);
  const chosen = curve[3]!;

  it('reads out the chosen K: both steps, c, the verification, tokens and the speedup', () => {
    // 70B: 137.8 GB read per step at 3.35 TB/s; 7B: 13.75 GB. 1 + 0.8 + 0.64 + 0.512 + 0.4096 = 3.3616 tokens.
    expect(costReadout(chosen)).toEqual([
      { label: 'Llama 2 70B decode step', value: '41.1 ms' },
      { label: 'Llama 2 7B decode step', value: '4.11 ms' },
      { label: 'Draft step ÷ target step, c', value: '0.0998' },
      { label: 'Verifying K + 1 = 5 tokens', value: '41.1 ms, memory-bound' },
      { label: 'Tokens per verification', value: '3.36' },
      { label: 'Tokens/s, plain → speculative', value: '24.3 → 58.4' },
      { label: 'Speedup', value: '×2.4' },
    ]);
  });

  it('names the best K, or says that none pays', () => {
    expect(describeCost(curve, chosen, bestOf(curve), 'NVIDIA H100 SXM', 1024)).toBe(
      "Llama 2 70B verifying Llama 2 7B's drafts on the NVIDIA H100 SXM at α = 0.8, context 1,024 tokens: " +
        "K = 4 gives ×2.4 from the step times (the paper's formula, with c = 0.0998, gives ×2.4); " +
        'the best K is 6, at ×2.47.',
    );
    const poor = speedupCurve(pair, 0.05, 1024);
    expect(describeCost(poor, poor[0]!, bestOf(poor), 'NVIDIA H100 SXM', 1024)).toMatch(
      /; no K from 1 to 16 beats plain decoding\.$/,
    );
  });

  it('lists every K with its verification and both speedups', () => {
    const rows = costTable(curve);
    expect(rows).toHaveLength(16);
    // K = 16: (1 − 0.8^17) ÷ 0.2 = 4.89 tokens from 16 · 4.11 ms + 41.1 ms = 107 ms; 17 tokens still read the
    // weights once, so the verification stays memory-bound and both speedups agree.
    expect(rows[15]).toEqual(['16', '4.89', '41.1 ms', 'memory', '107 ms', '45.8', '×1.88', '×1.88']);
  });
});
