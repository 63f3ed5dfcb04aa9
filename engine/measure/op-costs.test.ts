import { describe, expect, it } from 'vitest';
import { attentionCost } from '../analytic/attention';
import { decodeStep } from '../analytic/decode';
import { hardwareById } from '../analytic/hardware';
import { kvBytesPerToken } from '../analytic/llama-shape';
import { matmulCost } from '../analytic/matmul';
import { shapeOf } from '../model/config';
import { syntheticConfig } from '../model/synthetic-configs';
import type { WeightScheme } from '../quant/scheme';
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

describe('op counts with the options that shrink the cache', () => {
  const attentionOf = (c: typeof config, cached: number, newTokens: number) =>
    stepOpCounts(c, [{ cached, newTokens }], 1).find((o) => o.name === 'layer 0 attention')!;

  it('a sliding window of 16 scores and reads only the keys inside it', () => {
    const windowed = { ...config, slidingWindow: 16 };
    // N·H = 256, K·H = 64. Decode at 100: 16 keys, not 100.
    const decode = attentionOf(windowed, 99, 1);
    expect(decode.flops).toBe(4 * 256 * 16);
    expect(decode.kvReadBytes).toBe(2 * 16 * 64 * 4);
    // Prefill of 20: rows 0–15 see 1..16 keys (136 pairs), rows 16–19 see 16 each (64 pairs).
    const prefill = attentionOf(windowed, 0, 20);
    expect(prefill.flops).toBe(4 * 256 * 200);
    expect(prefill.kvReadBytes).toBe(2 * 20 * 64 * 4);
    // Two rows at positions 30 and 31 see 15..30 and 16..31: 32 pairs over 17 distinct positions.
    const verify = attentionOf(windowed, 30, 2);
    expect(verify.flops).toBe(4 * 256 * 32);
    expect(verify.kvReadBytes).toBe(2 * 17 * 64 * 4);
    // A window longer than the context changes nothing.
    expect(attentionOf({ ...config, slidingWindow: 4096 }, 99, 1)).toEqual(attentionOf(config, 99, 1));
  });

  it('sharing one cache across 3 layers writes a third of the KV bytes and skips two layers of K, V work', () => {
    const sharedOps = stepOpCounts({ ...config, kvShareGroup: 3 }, [{ cached: 99, newTokens: 1 }], 1);
    const fullOps = stepOpCounts(config, [{ cached: 99, newTokens: 1 }], 1);
    // Layers 1 and 2 lose their k and v projections, k rotation and KV write: 8 ops.
    expect(fullOps.length - sharedOps.length).toBe(8);
    expect(sharedOps.map((o) => o.name)).not.toContain('layer 2 v projection');
    const [shared, full] = [sumCosts(sharedOps), sumCosts(fullOps)];
    // KV written: one layer's 2·K·H·4 = 512 bytes; every layer still reads its group's cache (3 × 2·100·64·4).
    const kvWrite = (ops: typeof fullOps) => ops.reduce((sum, o) => sum + o.kvWriteBytes, 0);
    expect(kvWrite(sharedOps)).toBe(512);
    expect(kvWrite(fullOps)).toBe(3 * 512);
    expect(shared.kvBytes).toBe(512 + 3 * 2 * 100 * 64 * 4);
    // Two (64 × 256) matrices in each of two layers: 4 · 64·256·4 bytes and 4 · 2·256·64 FLOPs.
    expect(full.weightBytes - shared.weightBytes).toBe(4 * 64 * 256 * 4);
    const matmul = (ops: typeof fullOps) => byKind(ops).get('matmul')!.flops;
    expect(matmul(fullOps) - matmul(sharedOps)).toBe(4 * 2 * 256 * 64);
  });
});

describe('op counts with weights stored in fewer bits', () => {
  const c = syntheticConfig({ width: 256, layers: 2 }); // F = 704, divisible by 32
  const int4: WeightScheme = { kind: 'int', bits: 4, group: 32, zeroPoint: true };

  it('read the bytes each scheme stores, scales and zero-points included, and leave FLOPs alone', () => {
    const ops = (scheme?: WeightScheme) => stepOpCounts(c, [{ cached: 10, newTokens: 1 }], 1, scheme);
    const find = (list: ReturnType<typeof ops>, name: string) => list.find((o) => o.name === name)!;
    const [f32, quantized] = [ops(), ops(int4)];
    // q projection 256 × 256: 4 bits per weight plus an f16 scale and zero-point per 32 weights.
    expect(find(quantized, 'layer 0 q projection').weightBytes).toBe((256 * 256 * (4 + 32 / 32)) / 8);
    expect(find(f32, 'layer 0 q projection').weightBytes).toBe(256 * 256 * 4);
    expect(find(quantized, 'layer 1 down projection').flops).toBe(find(f32, 'layer 1 down projection').flops);
    // The head stays at 16 bits under a low-bit scheme.
    expect(find(quantized, 'output head').weightBytes).toBe(256 * 256 * 2);
    expect(find(quantized, 'layer 0 attention norm').weightBytes).toBe(256 * 4);
  });
});
