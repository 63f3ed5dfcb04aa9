import { describe, expect, it } from 'vitest';
import { syntheticSize } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import {
  describeSavings,
  layoutOf,
  ratioText,
  savingAtEnd,
  savingsPoints,
  savingsVariants,
  sweepContexts,
} from './kv-savings';
import { savingsChart } from './kv-savings-chart';

// xs: L = 2 layers, K = 2 KV heads of H = 64: 2048 bytes of f32 keys and values per token.
const xs = syntheticSize('xs').config;
const PER_TOKEN = 2 * 2 * 2 * 64 * 4;

describe('window and sharing, measured against context', () => {
  it('spreads the contexts evenly, far enough apart for the timed steps', () => {
    expect(sweepContexts(2048, 4)).toEqual([256, 512, 768, 1024, 1280, 1536, 1792, 2048]);
    expect(sweepContexts(64, 4)).toEqual([8, 16, 24, 32, 40, 48, 56, 64]);
    // A gap of at least 4 + 2 tokens: fewer points.
    expect(sweepContexts(32, 4)).toEqual([8, 14, 20, 26, 32]);
    expect(sweepContexts(64, 4, 4)).toEqual([16, 32, 48, 64]);
  });

  it('builds the same shape three ways', () => {
    const [full, window, shared] = savingsVariants(xs, 64, 2);
    expect([full!.label, window!.label, shared!.label]).toEqual([
      'full attention',
      'window of 64',
      '2 layers share a cache',
    ]);
    expect(window!.config.slidingWindow).toBe(64);
    expect(shared!.config.kvShareGroup).toBe(2);
    expect(layoutOf(window!.config)).toEqual({
      L: 2,
      cache: { kind: 'heads', K: 2, H: 64 },
      shareGroup: 1,
      window: { W: 64, localLayers: 2 },
    });
    expect(layoutOf(shared!.config)).toEqual({ L: 2, cache: { kind: 'heads', K: 2, H: 64 }, shareGroup: 2 });
  });

  // Two contexts, 4 timed steps: 68 and 132 tokens held; blocks of 16.
  const [full, window, shared] = savingsVariants(xs, 32, 2);
  const point = (context: number, blocks: number, perBlock: number, ms: number) => ({
    context,
    blocksInUse: blocks,
    kvBytes: blocks * perBlock,
    stepSeconds: ms / 1e3,
  });
  const results = [
    { variant: full!, points: [point(64, 5, 16 * PER_TOKEN, 2), point(128, 9, 16 * PER_TOKEN, 3)] },
    { variant: window!, points: [point(64, 3, 16 * PER_TOKEN, 1.8), point(128, 3, 16 * PER_TOKEN, 1.8)] },
    { variant: shared!, points: [point(64, 5, 8 * PER_TOKEN, 1.9), point(128, 9, 8 * PER_TOKEN, 2.8)] },
  ];
  const points = savingsPoints(results, undefined, 4);

  it('puts the analytic cache beside the blocks the engine holds', () => {
    expect(points.map((p) => [p.variant, p.context, p.kvBytes, p.analyticKvBytes])).toEqual([
      ['full attention', 64, 5 * 16 * PER_TOKEN, 68 * PER_TOKEN],
      ['full attention', 128, 9 * 16 * PER_TOKEN, 132 * PER_TOKEN],
      // The window keeps 32 tokens per layer; the engine holds the whole blocks they touch.
      ['window of 32', 64, 3 * 16 * PER_TOKEN, 32 * PER_TOKEN],
      ['window of 32', 128, 3 * 16 * PER_TOKEN, 32 * PER_TOKEN],
      ['2 layers share a cache', 64, 5 * 8 * PER_TOKEN, (68 * PER_TOKEN) / 2],
      ['2 layers share a cache', 128, 9 * 8 * PER_TOKEN, (132 * PER_TOKEN) / 2],
    ]);
    expect(points.every((p) => p.predictedSeconds === undefined)).toBe(true);
    expect(ratioText(savingAtEnd(points, 'window of 32'))).toBe('3×');
    expect(ratioText(savingAtEnd(points, '2 layers share a cache'))).toBe('2×');
    expect(ratioText(savingAtEnd(points, 'nothing'))).toBe('—');
  });

  it('describes each variant from its first context to its last', () => {
    expect(describeSavings(points, 'this GPU')).toBe(
      'Measured on this GPU from 64 to 128 tokens of context. ' +
        'Full attention: 5 → 9 blocks (164 kB → 295 kB), step 2 ms → 3 ms; ' +
        'window of 32: 3 → 3 blocks (98.3 kB → 98.3 kB), step 1.8 ms → 1.8 ms; ' +
        '2 layers share a cache: 5 → 9 blocks (81.9 kB → 147 kB), step 1.9 ms → 2.8 ms.',
    );
    expect(describeSavings([], 'this GPU')).toBe('Not measured yet.');
  });

  it('renders the saved SVGs of both charts', async () => {
    for (const view of ['kv', 'step'] as const) {
      await expect(renderSvg(savingsChart(points, view))).toMatchFileSnapshot(
        `__snapshots__/kv-savings-${view}.svg`,
      );
    }
  });
});
