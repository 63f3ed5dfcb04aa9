import { contextTick } from '../charts/axes';
import { describe, expect, it } from 'vitest';
import { parseConfig, syntheticSize } from '@engine/index';
import targetJson from '../../public/models/prose-target/config.json';
import { renderSvg } from '../charts/render-svg';
import { powersOfTwo } from '../controls/ticks';
import { describeKvReads, kvReads, kvReadsChart, largestGap } from './kv-reads-chart';

const target = parseConfig(targetJson);
const contexts = powersOfTwo(16, 65536);

describe('bytes per decode step against context', () => {
  it('counts the trained target by hand: 40,915,968 weight bytes, 6,144 KV bytes per token, crossover at 6,659', () => {
    // Tied embeddings: 786,432 (V·D head) + 6 layers·(1,572,864 matmul + 768 norm) + 384 final norm + 384 gathered
    // = 10,228,992 weights, ·4 bytes. KV: 2 · 6 layers · 2 KV heads · 64 · 4 bytes = 6,144 per token;
    // 40,915,968 ÷ 6,144 = 6,659.5 tokens moved, so S + 1 = 6,660 (S read, one written).
    const reads = kvReads(target, 1, contexts);
    expect(reads.points[0]!.countedWeights).toBe(40_915_968);
    expect(reads.crossover).toBe(6_659);
    const at = reads.points.find((p) => p.S === 6_659)!;
    expect(at.countedKv).toBe(6_660 * 6_144);
    expect(at.countedKv).toBeGreaterThanOrEqual(at.countedWeights);
    expect(6_659 * 6_144).toBeLessThan(at.countedWeights);
  });

  it('matches the analytic model byte for byte, for the trained model and a synthetic size at batch 4', () => {
    expect(largestGap(kvReads(target, 1, contexts))).toBe(0);
    expect(largestGap(kvReads(syntheticSize('l').config, 4, contexts))).toBe(0);
  });

  it('reaches the crossover B times sooner with B sequences (weights shared, caches not)', () => {
    const one = kvReads(target, 1, contexts).crossover;
    const eight = kvReads(target, 8, contexts).crossover;
    expect(eight).toBeGreaterThanOrEqual(Math.floor(one / 8) - 1);
    expect(eight).toBeLessThanOrEqual(Math.ceil(one / 8) + 1);
  });

  it('says where the KV reads overtake the weights', () => {
    expect(describeKvReads(kvReads(target, 1, contexts), 'prose-target')).toBe(
      'prose-target, batch 1: each decode step reads 40.9 MB of weights whatever the context, while its KV traffic grows from 104 kB at 16 tokens; KV overtakes weights at 6,659 tokens (40.9 MB).',
    );
  });

  it('labels context ticks briefly', () => {
    expect([16, 256, 1024, 65536].map(contextTick)).toEqual(['16', '256', '1k', '64k']);
  });

  it('renders the saved SVG', async () => {
    await expect(renderSvg(kvReadsChart(kvReads(target, 1, contexts)))).toMatchFileSnapshot(
      './__snapshots__/kv-reads-prose-target.svg',
    );
  });
});
