// The quality widget's run over a scripted engine: each scheme loaded in turn and its windows streamed as they are
// scored; Cancel keeping the schemes scored to the end; a failure keeping those before it; the CPU's one window.
import { describe, expect, it } from 'vitest';
import type { ScoreTextRequest, SessionRequest, TextScore, WeightScheme } from '@engine/index';
import type { Engine } from '../state/engine.svelte';
import { TEST_CPU, testAdapter } from '../testing/probes';
import { QualityRun } from './quality-run.svelte';
import { QUALITY_SCHEMES, type QualityScheme } from './quality-schemes';
import { qualityShape, type QualityPlan } from './quant-quality';

const schemes = QUALITY_SCHEMES.slice(0, 3); // f32, f16, int8 per channel
const plan = (windows: number) => ({ schemes, window: 256, windows });

const textScore = (scheme: WeightScheme, windows: number): TextScore => ({
  meanNll: 3,
  perplexity: Math.exp(3),
  tokens: 255 * windows,
  windows,
  scheme,
  weightBytes: 1,
});

/**
 * An engine whose score-text job scores one window after another, asking `onStep` before each (window 0 is the
 * load): it may cancel the run, or fail. Like the page's engine, a job cancelled during its load rejects, and one
 * cancelled between windows resolves with what it scored (undefined before the first).
 */
function scriptedEngine(
  onStep: (call: number, window: number, quality: QualityRun) => 'fail' | void,
  probe = testAdapter(2 ** 30),
) {
  let calls = 0;
  let texts = 0;
  const sessions: SessionRequest[] = [];
  const requests: ScoreTextRequest[] = [];
  const labels: (string | undefined)[] = [];
  /** What the widget showed after each window: scheme:windows for each score. */
  const shown: string[] = [];
  const engine = {
    probe,
    progress: undefined,
    async run(
      _name: 'score-text',
      request: ScoreTextRequest,
      options: {
        model: SessionRequest;
        signal: AbortSignal;
        onProgress: (u: { partial?: TextScore }) => void;
      },
    ) {
      const call = calls++;
      sessions.push(options.model);
      requests.push(request);
      labels.push(quality.turns.runningText);
      if (onStep(call, 0, quality) === 'fail') throw new Error('the model could not be loaded');
      options.signal.throwIfAborted();
      let score: TextScore | undefined;
      for (let k = 1; k <= request.windows; k++) {
        if (onStep(call, k, quality) === 'fail') throw new Error('the device was lost');
        if (options.signal.aborted) break;
        score = textScore(options.model.weights!, k);
        options.onProgress({ partial: score });
        const result = quality.run.result;
        shown.push(result!.scores.map((s) => `${s.scheme.name}:${s.score.windows}`).join(' '));
      }
      return score;
    },
  };
  const session = (scheme: QualityScheme, { window }: QualityPlan): SessionRequest => ({
    model: { kind: 'url', base: 'https://example.test/prose-target' },
    shape: qualityShape(window),
    backend: 'auto',
    weights: scheme.weights,
  });
  const text = async () => {
    texts++;
    return 'Held-out text.';
  };
  let asked = 8;
  const quality = new QualityRun(engine as unknown as Engine, { text, session }, () => asked);
  return { quality, sessions, requests, labels, shown, texts: () => texts, ask: (n: number) => (asked = n) };
}

describe('QualityRun', () => {
  it('scores each scheme in turn on its own session, each window shown as it lands', async () => {
    const { quality, sessions, requests, labels, shown, texts } = scriptedEngine(() => {});
    await quality.run.start(plan(2));
    expect(sessions.map((s) => s.weights)).toEqual(schemes.map((s) => s.weights));
    expect(sessions[0]!.shape).toEqual({ blockSize: 16, numBlocks: 16, maxTokens: 256, maxLogitRows: 256 });
    expect(requests[0]).toEqual({ text: 'Held-out text.', window: 256, windows: 2 });
    expect(texts()).toBe(1);
    expect(labels).toEqual([
      'f32 (1 of 3): loading the model',
      'f16 (2 of 3): loading the model',
      'int8 per channel (3 of 3): loading the model',
    ]);
    expect(shown).toEqual([
      'f32:1',
      'f32:2',
      'f32:2 f16:1',
      'f32:2 f16:2',
      'f32:2 f16:2 int8 per channel:1',
      'f32:2 f16:2 int8 per channel:2',
    ]);
    expect(quality.run.result?.scores.map((s) => s.scheme.name)).toEqual(['f32', 'f16', 'int8 per channel']);
    expect(quality.run).toMatchObject({ cancelled: false, failure: undefined, running: false });
    expect(quality.turns.current).toBeUndefined();
  });

  it('keeps the schemes scored to the end when cancelled between windows, dropping the one cut short', async () => {
    const { quality, sessions } = scriptedEngine(
      (call, k, q) => void (call === 1 && k === 2 && q.run.cancel()),
    );
    await quality.run.start(plan(2));
    expect(sessions).toHaveLength(2);
    expect(quality.run.result).toEqual({
      windows: 2,
      scores: [{ scheme: schemes[0], score: textScore({ kind: 'f32' }, 2) }],
    });
    expect(quality.run).toMatchObject({ cancelled: true, failure: undefined, running: false });
    expect(quality.cancelledText).toBe('Cancelled: 1 of 3 schemes measured; their results are shown.');
  });

  it('stops cleanly when cancelled while a scheme loads', async () => {
    const { quality, sessions } = scriptedEngine(
      (call, k, q) => void (call === 2 && k === 0 && q.run.cancel()),
    );
    await quality.run.start(plan(1));
    expect(sessions).toHaveLength(3);
    expect(quality.run.result?.scores.map((s) => s.scheme.name)).toEqual(['f32', 'f16']);
    expect(quality.run).toMatchObject({ cancelled: true, failure: undefined });
    expect(quality.cancelledText).toBe('Cancelled: 2 of 3 schemes measured; their results are shown.');
  });

  it('stops at a scheme that fails, keeping the schemes before it and none of its windows', async () => {
    const { quality, sessions } = scriptedEngine((call, k) => (call === 1 && k === 2 ? 'fail' : undefined));
    await quality.run.start(plan(2));
    expect(sessions).toHaveLength(2);
    expect(quality.run.result?.scores.map((s) => `${s.scheme.name}:${s.score.windows}`)).toEqual(['f32:2']);
    expect(quality.run).toMatchObject({ failure: 'the device was lost', cancelled: false, running: false });
    expect(quality.turns.current).toBeUndefined();
  });

  it('scores one window on the CPU fallback, saying so, and up to eight on a GPU', () => {
    const cpu = scriptedEngine(() => {}, TEST_CPU);
    expect([cpu.quality.clamped, cpu.quality.where]).toEqual([
      { windows: 1, note: 'On the CPU each scheme scores one window.' },
      'the CPU',
    ]);
    const gpu = scriptedEngine(() => {});
    gpu.ask(5);
    expect([gpu.quality.clamped, gpu.quality.where]).toEqual([{ windows: 5, note: '' }, 'this GPU']);
  });
});
