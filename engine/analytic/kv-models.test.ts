import { describe, expect, it } from 'vitest';
import { layoutBytesPerToken } from './kv-layout';
import { KV_MODELS, kvModelById, mhaLayout } from './kv-models';

describe('KV layout presets', () => {
  it('cite a source for every model, and say which one is not a released layout', () => {
    for (const m of KV_MODELS) {
      expect(m.source.url).toMatch(/^https:\/\//);
      expect(m.source.note).toBeTruthy();
    }
    expect(KV_MODELS.filter((m) => 'whatIf' in m).map((m) => m.id)).toEqual(['llama-2-13b-cla2']);
  });

  it('give DeepSeek-V2 576 numbers per layer against 32,768 for 128 full heads: 1.76 % of multi-head', () => {
    const v2 = kvModelById('deepseek-v2');
    const ratio =
      layoutBytesPerToken(v2.layout, 4096, 'bf16') / layoutBytesPerToken(mhaLayout(v2), 4096, 'bf16');
    expect(ratio).toBeCloseTo(576 / 32_768, 12);
  });

  it('shrink Gemma 3 27B’s cache at 32k to 10 global + 52 local/32 of its 62 layers', () => {
    const g3 = kvModelById('gemma-3-27b');
    const full = layoutBytesPerToken(mhaLayout(g3), 32_768, 'bf16') / 2; // 16 of its 32 heads keep a cache
    expect(layoutBytesPerToken(g3.layout, 32_768, 'bf16') / full).toBeCloseTo((10 + 52 / 32) / 62, 12);
  });
});
