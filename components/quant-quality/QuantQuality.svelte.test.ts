// The widget mounted in jsdom over a scripted engine on the CPU fallback: the notice and the clamped windows before a
// run, then every scheme scored in turn into the readout, the sentences and the table, beside the PyTorch reference.
// (Plot draws nothing here, since jsdom lays nothing out; the chart's own test renders it.)
import { describe, expect, it, vi } from 'vitest';
import type { ScoreTextRequest, SessionRequest, TextScore } from '@engine/index';
import { scriptedEngine } from '../testing/cpu-engine';
import { mountWidget, settle } from '../testing/mount-widget';
import { targetModel } from '../testing/target-model';
import QuantQuality from './QuantQuality.svelte';
import { QUALITY_SCHEMES } from './quality-schemes';
import { REFERENCE } from './reference';

/** Each scheme scores 0.01 % above the reference's first window. */
const perplexity = (name: string) => REFERENCE.schemes.find((s) => s.scheme === name)!.perplexity * 1.0001;
const sessions: SessionRequest[] = [];
const engine = scriptedEngine;
engine.run = async (
  _name: string,
  request: ScoreTextRequest,
  { model, onProgress }: { model: SessionRequest; onProgress: (u: { partial: TextScore }) => void },
) => {
  sessions.push(model);
  const name = QUALITY_SCHEMES.find(
    (s) => JSON.stringify(s.weights) === JSON.stringify(model.weights) && !!s.awq === !!model.awq,
  )!.name;
  const score = {
    meanNll: Math.log(perplexity(name)),
    perplexity: perplexity(name),
    tokens: (request.window - 1) * request.windows,
    windows: request.windows,
    scheme: model.weights!,
    weightBytes: name === 'f32' ? 40e6 : 10e6,
  };
  onProgress({ partial: score });
  return score;
};
vi.mock('../state/engine.svelte', async () => ({
  useEngine: (await import('../testing/cpu-engine')).useScriptedEngine,
}));
vi.mock('../state/heldout-text', () => ({ heldoutText: async () => 'Held-out text.' }));

const model = targetModel;

describe('QuantQuality on the CPU fallback', () => {
  it('scores one window per scheme, says so, and sets each beside the PyTorch reference', async () => {
    const page = mountWidget('/lessons/quantization/?qq.windows=8', QuantQuality, { model });
    expect(page.querySelector('.notice')!.textContent).toContain(
      'so only one window of 256 tokens is scored per scheme (a GPU scores up to 8), which makes each perplexity noisier.',
    );
    expect(page.querySelector('.status-line')!.textContent!.trim()).toBe(
      'On the CPU each scheme scores one window.',
    );
    expect(page.querySelector('p.summary')!.textContent).toBe(
      'Press Measure: the trained model (10 million parameters) is loaded 12 times, its block linears stored as ' +
        'f32, f16, int8 per channel, int4 g128, int4 g64, int4 g32, int4 g128 zp, int3 g64, int2 g64, W8A8, ' +
        'W8A8 + f32 outliers ≥ 6, AWQ int4 g128 in turn, and each time scores the same one window of 256 held-out ' +
        'tokens.',
    );

    [...page.querySelectorAll('button')].find((b) => b.textContent === 'Measure every scheme')!.click();
    await settle(50);
    expect(sessions.map((s) => s.weights)).toEqual(QUALITY_SCHEMES.map((s) => s.weights));
    // AWQ calibrates on the held-out text after the most windows any run scores.
    expect(sessions.at(-1)!.awq).toEqual({ calibrationText: expect.any(String), skipTokens: 8 * 256 });
    expect(sessions[3]!.awq).toBeUndefined();
    expect(sessions[0]!.model).toEqual({ kind: 'url', base: 'http://localhost:3000/models/prose-target' });
    const rows = [...page.querySelectorAll('tbody tr')].map((r) =>
      [...r.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows.map((r) => r[0])).toEqual(QUALITY_SCHEMES.map((s) => s.name));
    const f32 = REFERENCE.schemes.find((s) => s.scheme === 'f32')!;
    expect(rows[0]!.slice(6)).toEqual(['255', f32.perplexity.toPrecision(4)]);
    expect(page.querySelector('p.summary')!.textContent).toMatch(
      /^Measured on the CPU, one window of 256 held-out tokens \(255 predictions per scheme\): f32 scores a perplexity of [\d.]+ .* The PyTorch reference \(NVIDIA H200\), on the same tokens, agrees within 0\.01 % for each of the 12 schemes it scored\.$/,
    );
    expect(page.querySelector('.readout .value')!.textContent).toBe((f32.perplexity * 1.0001).toPrecision(4));
  });
});
