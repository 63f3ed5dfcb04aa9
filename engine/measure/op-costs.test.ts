import { describe, expect, it } from 'vitest';
import { attentionCost } from '../analytic/attention';
import { decodeStep } from '../analytic/decode';
import { hardwareById } from '../analytic/hardware';
import { kvBytesPerToken } from '../analytic/llama-shape';
import { matmulCost } from '../analytic/matmul';
import { shapeOf } from '../model/config';
import { syntheticConfig } from '../model/synthetic-configs';
import { byKind, byLayer, stepOpCounts, sumCosts, totalBytes } from './op-costs';

const config = syntheticConfig({ width: 256, layers: 3, heads: 8, kvHeads: 2 });

describe('op counts equal the analytic formulas', () => {
  it('for a matmul: FLOPs and bytes of (T×D)·(D×F) in f32', () => {
    const ops = stepOpCounts(config, [{ cached: 0, newTokens: 7 }], 1);
    const gate = ops.find((o) => o.name === 'layer 1 gate projection')!;
    const analytic = matmulCost({ B: 7, D: 256, F: config.intermediateSize }, 'f32');
    expect(gate.flops).toBe(analytic.flops);
    expect(totalBytes(gate)).toBe(analytic.bytes);
    expect(gate.weightBytes).toBe(256 * config.intermediateSize * 4);
  });

  it('for attention in prefill (causal) and in decode, with grouped KV heads', () => {
    const shape = { N: 8, K: 2, H: 32 };
    const prefill = stepOpCounts(config, [{ cached: 0, newTokens: 20 }], 1).find(
      (o) => o.kind === 'attention',
    )!;
    const analyticPrefill = attentionCost({ B: 1, T: 20, S: 20, ...shape }, 'f32', true);
    expect(prefill.flops).toBe(analyticPrefill.flops);
    expect(totalBytes(prefill)).toBe(analyticPrefill.bytes);
    const decode = stepOpCounts(config, [{ cached: 99, newTokens: 1 }], 1).find(
      (o) => o.kind === 'attention',
    )!;
    const analyticDecode = attentionCost({ B: 1, T: 1, S: 100, ...shape }, 'f32');
    expect(decode.flops).toBe(analyticDecode.flops);
    expect(totalBytes(decode)).toBe(analyticDecode.bytes);
    expect(decode.kvReadBytes).toBe(2 * 100 * 2 * 32 * 4);
  });

  it('for a whole batched decode step: weights, KV traffic and matmul + attention FLOPs', () => {
    const B = 4;
    const S = 64; // each new token attends over 63 cached tokens and itself
    const ops = stepOpCounts(
      config,
      Array.from({ length: B }, () => ({ cached: S - 1, newTokens: 1 })),
      B,
    );
    const setup = {
      model: shapeOf(config),
      device: hardwareById('h100-sxm'),
      weightDtype: 'f32' as const,
      kvDtype: 'f32' as const,
    };
    const analytic = decodeStep(setup, B, S);
    const totals = sumCosts(ops);
    expect(totals.weightBytes).toBe(analytic.weightBytesRead);
    expect(totals.kvBytes).toBe(analytic.kvBytesMoved);
    const kinds = byKind(ops);
    expect(kinds.get('matmul')!.flops + kinds.get('attention')!.flops).toBe(analytic.flops);
    expect(totals.kvBytes).toBe(B * (S + 1) * kvBytesPerToken(shapeOf(config), 'f32'));
  });

  it('groups by layer: every layer alike at decode, and the head outside the layers', () => {
    const layers = byLayer(stepOpCounts(config, [{ cached: 10, newTokens: 1 }], 1));
    expect(layers.get(0)).toEqual(layers.get(2));
    expect(layers.get(null)!.weightBytes).toBe((1 * 256 + 256 + 256 * 256) * 4);
  });
});
