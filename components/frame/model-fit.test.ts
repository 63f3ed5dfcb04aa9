import { describe, expect, it } from 'vitest';
import { fitModel, kvHeavyOffers, OWN_MODEL_ID, syntheticOffers, type ModelOffer } from './model-fit';

const LIVE_SHAPE = { numBlocks: 32, blockSize: 16, maxTokens: 256, maxLogitRows: 1 };
const cpu = { backend: 'cpu' as const, fallbackReason: 'no adapter' };
const ids = (options: { value: string }[]) => options.map((o) => o.value);

describe('fitting a model to the device', () => {
  it('offers every size before the probe, and only the CPU sizes on the CPU', () => {
    expect(ids(fitModel(syntheticOffers(), 'xxl', undefined, LIVE_SHAPE).options)).toEqual(
      syntheticOffers().map((o) => o.id),
    );
    expect(ids(fitModel(syntheticOffers(), 'xs', cpu, LIVE_SHAPE).options)).toEqual(['xs', 's']);
  });

  it('refuses sizes whose largest buffer breaks the adapter limit, and names the limit', () => {
    const small = {
      backend: 'webgpu' as const,
      limits: { maxStorageBufferBindingSize: 8e6, maxBufferSize: 1e9 },
    };
    const fit = fitModel(syntheticOffers(), 'xxl', small, LIVE_SHAPE);
    expect(fit.options[0]?.value).toBe('xs');
    expect(fit.note).toMatch(
      /^The xxl model cannot run here \(.*more than this device's maxStorageBufferBindingSize of 8.00 MB.*\); using \w+\.$/,
    );
  });

  it('falls back to the largest size the device runs, saying why', () => {
    const fit = fitModel(syntheticOffers(), 'xxl', cpu, LIVE_SHAPE);
    expect(fit.running.id).toBe('s');
    expect(fit.note).toBe('The xxl model cannot run here (too slow for the CPU fallback); using s.');
    const fits = fitModel(syntheticOffers(), 'xs', cpu, LIVE_SHAPE);
    expect([fits.running.id, fits.note]).toEqual(['xs', undefined]);
    expect(fitModel(syntheticOffers(), 'xxl', undefined, LIVE_SHAPE).note).toBeUndefined();
  });

  it("never falls back to the reader's own model, and says when theirs cannot run", () => {
    const synthetic = syntheticOffers();
    const own: ModelOffer = { ...synthetic[0]!, id: OWN_MODEL_ID, label: 'yours', own: true };
    const withOwn = [...synthetic, own];
    expect(fitModel(withOwn, 'xxl', cpu, LIVE_SHAPE).running.id).toBe('s');
    const big: ModelOffer = { ...synthetic.at(-1)!, id: OWN_MODEL_ID, label: 'yours', own: true };
    const tiny = {
      backend: 'webgpu' as const,
      limits: { maxStorageBufferBindingSize: 8e6, maxBufferSize: 1e9 },
    };
    expect(fitModel([...synthetic, big], OWN_MODEL_ID, tiny, LIVE_SHAPE).note).toMatch(
      /^Your model cannot run here \(.*maxStorageBufferBindingSize.*\); using \w+\.$/,
    );
  });

  it('labels sizes by computed parameters and bytes', () => {
    // xs: width 128, 2 layers, F = 352, vocab 256: 2·256·128 + 2·(2·128 + 4·128² + 3·128·352) + 128 = 467,584.
    expect(syntheticOffers()[0]?.label).toBe('470,000 parameters · 1.9 MB');
    expect(kvHeavyOffers().map((o) => o.id)).toEqual(['kv-s', 'kv-m', 'kv-l']);
  });
});
