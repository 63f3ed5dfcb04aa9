import { describe, expect, it } from 'vitest';
import { decodeStep, maxBatch, weightBytes } from './decode';
import { hardwareById } from './hardware';
import { layerMatmulParams } from './llama-shape';
import { modelById } from './models';
import {
  blockLinears,
  linearBitsPerWeight,
  modelBitsPerWeight,
  quantizedDecodeBytes,
  quantizedDecodeStep,
  quantizedMaxBatch,
  quantizedServingMemory,
  quantizedWeights,
  weightFormatById,
  type QuantizedSetup,
} from './quantized-weights';

const llama13 = modelById('llama-2-13b').shape;
const llama70 = modelById('llama-2-70b').shape;
const h100 = hardwareById('h100-sxm');
const bf16 = weightFormatById('bf16');
const int8 = weightFormatById('int8');
const int4 = weightFormatById('int4-g128');
const int4zp = weightFormatById('int4-g128-zp');
const setup = (model = llama13, weights = int4): QuantizedSetup => ({
  model,
  device: h100,
  weights,
  kvDtype: 'bf16',
});

describe('blockLinears', () => {
  it('lists the seven matrices of a layer, adding up to layerMatmulParams', () => {
    const linears = blockLinears(llama70);
    expect(linears.map((l) => l.name)).toEqual(['q', 'k', 'v', 'o', 'gate', 'up', 'down']);
    expect(linears.find((l) => l.name === 'k')).toEqual({ name: 'k', O: 1024, I: 8192 });
    expect(linears.reduce((sum, { O, I }) => sum + O * I, 0)).toBe(layerMatmulParams(llama70));
  });
});

describe('bits per weight', () => {
  it('is 4 + 16/128 for int4 with an f16 scale per 128 inputs, 4 + 32/128 with a zero-point too', () => {
    expect(linearBitsPerWeight(llama13, int4)).toBe(4.125);
    expect(linearBitsPerWeight(llama13, int4zp)).toBe(4.25);
    expect(linearBitsPerWeight(llama13, bf16)).toBe(16);
  });

  it('is a hair over 8 for int8 with one f16 scale per output row', () => {
    // 40 layers · 2 bytes · (4 · 5120 + 2 · 13,824 + 5120) output rows over 12,687,769,600 weights
    expect(linearBitsPerWeight(llama13, int8)).toBeCloseTo(8 + (8 * 40 * 2 * 53_248) / 12_687_769_600, 12);
  });

  it('counts the 16-bit embedding and head over the whole model: Llama 3 8B’s large vocabulary costs more', () => {
    const llama3 = modelById('llama-3-8b').shape;
    expect(modelBitsPerWeight(llama13, int4)).toBeCloseTo(4.42, 2);
    // (6,979,321,856 · 33/64 + 2 · 128,256 · 4096 · 2 + 65 · 4096 · 2) bytes · 8 over 8,030,261,248 parameters
    expect(modelBitsPerWeight(llama3, int4)).toBeCloseTo((8 * 5_700_591_616) / 8_030_261_248, 12);
  });
});

describe('quantizedWeights', () => {
  it('matches decode.ts at bf16, to the byte', () => {
    expect(quantizedWeights(llama13, bf16).totalBytes).toBe(weightBytes({ ...setup(), weightDtype: 'bf16' }));
  });

  it('stores Llama 2 13B at int4 g128 in 7.2 GB, its embedding and head at 16 bits', () => {
    // 12,687,769,600 linear weights · 33/64 bytes; 2 · 32,000 · 5120 · 2; (2 · 40 + 1) · 5120 · 2
    expect(quantizedWeights(llama13, int4)).toEqual({
      linearParams: 12_687_769_600,
      linearBytes: 6_542_131_200,
      embeddingBytes: 327_680_000,
      headBytes: 327_680_000,
      normBytes: 829_440,
      totalBytes: 7_198_320_640,
    });
  });

  it('counts a tied head once', () => {
    const tied = { ...llama13, tiedEmbeddings: true };
    expect(quantizedWeights(tied, int4).headBytes).toBe(0);
    expect(quantizedDecodeBytes({ ...setup(tied), weights: int4 }, 1, 1).weightBytesRead).toBe(
      quantizedDecodeBytes(setup(), 1, 1).weightBytesRead,
    );
  });
});

describe('serving Llama 2 70B on an H100 at 4096 tokens', () => {
  it('fits 8 sequences at int4 (47.1 GB), not at int8 (80.3 GB), nor the bf16 weights alone (138 GB)', () => {
    // 36,346,281,984 weights + 8 · 4096 · 327,680 cache
    expect(quantizedServingMemory(setup(llama70, int4), 8, 4096)).toBe(47_083_700_224);
    expect(quantizedServingMemory(setup(llama70, int8), 8, 4096)).toBe(80_253_108_224);
    expect(quantizedWeights(llama70, bf16).totalBytes).toBe(137_953_296_384);
  });

  it('holds 32 sequences at int4 and 7 at int8: (80e9 − weights) ÷ 1,342,177,280 bytes each', () => {
    expect(quantizedMaxBatch(setup(llama70, int4), 4096)).toBe(32);
    expect(quantizedMaxBatch(setup(llama70, int8), 4096)).toBe(7);
    expect(quantizedMaxBatch(setup(llama70, bf16), 4096)).toBe(0);
    expect(quantizedMaxBatch(setup(llama13, bf16), 4096)).toBe(
      maxBatch({ ...setup(), weightDtype: 'bf16' }, 4096),
    );
  });
});

describe('quantizedDecodeStep', () => {
  it('is decode.ts’s step at bf16, field for field', () => {
    const serving = { ...setup(llama13, bf16), weightDtype: 'bf16' } as const;
    for (const [B, S] of [
      [1, 4096],
      [64, 512],
      [2048, 1],
    ] as const) {
      expect(quantizedDecodeStep(setup(llama13, bf16), B, S)).toEqual(decodeStep(serving, B, S));
    }
  });

  it('streams Llama 2 13B’s int4 weights at batch 1: 6.87 GB against 25.7 GB, the cache unchanged', () => {
    // 6,542,131,200 linears + 829,440 norms + 327,680,000 head + 5120 · 2 embedding row
    expect(quantizedDecodeBytes(setup(), 1, 4096)).toEqual({
      weightBytesRead: 6_870_650_880,
      kvBytesMoved: 4097 * 819_200,
    });
    const int4Step = quantizedDecodeStep(setup(), 1, 4096);
    const bf16Step = quantizedDecodeStep(setup(llama13, bf16), 1, 4096);
    expect(bf16Step.weightBytesRead).toBe(25_704_058_880);
    expect(int4Step.bound).toBe('memory');
    expect(int4Step.tokensPerSecond / bf16Step.tokensPerSecond).toBeCloseTo(
      29_060_321_280 / 10_226_913_280,
      12,
    );
    expect(int4Step.flops).toBe(bf16Step.flops);
  });

  it('binds on compute at the bf16 peak once the batch is large and the weights small', () => {
    const step = quantizedDecodeStep(setup(), 4096, 1);
    expect(step.bound).toBe('compute');
    expect(step.seconds).toBe(step.flops / h100.peakBf16);
    expect(step.fits).toBe(true);
  });
});
