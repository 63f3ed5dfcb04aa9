import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { describeKvLayouts, kvLayouts, kvLayoutsChart, percentOfMha } from './kv-layouts-chart';

describe('KV layouts of real models', () => {
  const at32k = kvLayouts(32_768);
  const row = (id: string) => at32k.rows.find((r) => r.id === id)!;

  it('gives each variant its bytes per token at 32k tokens, in bf16', () => {
    expect(row('llama-2-13b').bytesPerToken).toBe(819_200);
    expect(row('llama-2-13b-cla2').bytesPerToken).toBe(409_600);
    expect(row('deepseek-v2').bytesPerToken).toBe(69_120);
    expect(row('gemma-2b').bytesPerToken).toBe(18_432);
    // Mistral's window keeps 4096 of 32,768 tokens: 131,072 / 8.
    expect(row('mistral-7b').bytesPerToken).toBe(16_384);
    expect(percentOfMha(row('llama-3-70b'))).toBe(12.5);
  });

  it('describes the layout of each row', () => {
    expect(row('deepseek-v2').perLayer).toBe('512 + 64');
    expect(row('gemma-3-27b').layers).toBe('10 global + 52 local (last 1,024 tokens)');
    expect(row('mistral-7b').layers).toBe('32 local (last 4,096 tokens)');
    expect(row('llama-2-13b-cla2').layers).toBe('20 (of 40, 2 per cache)');
  });

  it('lets a window’s saving grow with the context', () => {
    const short = kvLayouts(2048).rows.find((r) => r.id === 'mistral-7b')!;
    expect(short.bytesPerToken).toBe(131_072);
  });

  it('names the smallest and largest', () => {
    expect(describeKvLayouts(at32k)).toBe(
      'At 32,768 tokens, Mistral 7B (window) caches the least per token, 16.4 kB, and Llama 2 13B (MHA) the most, 819 kB; against its own multi-head version, DeepSeek-V2 keeps the smallest share, 1.76 %. ' +
        '32,768 tokens is past what Llama 2 13B†, Llama 3 70B†, Gemma 2B†, Llama 2 13B, CLA2*† and Gemma 2 9B† were trained for.',
    );
    expect(describeKvLayouts(kvLayouts(4096))).not.toContain('past what');
  });

  it('renders the saved SVGs', async () => {
    await expect(renderSvg(kvLayoutsChart(at32k, 'bytes'))).toMatchFileSnapshot(
      './__snapshots__/kv-layouts-bytes-32k.svg',
    );
    await expect(renderSvg(kvLayoutsChart(at32k, 'relative'))).toMatchFileSnapshot(
      './__snapshots__/kv-layouts-relative-32k.svg',
    );
  });
});
