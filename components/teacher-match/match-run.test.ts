// The side-by-side's run over a scripted engine: the teacher's parts scored once and cut to the healed model's widths,
// then each model matched against the teacher and timed on a session of its own (the cut one sliced as it loads);
// Cancel keeping the models scored to the end; a failure keeping those before it.
import { describe, expect, it } from 'vitest';
import type { Kept, SessionRequest, TeacherMatch, TeacherMatchRequest } from '@engine/index';
import type { Engine } from '../state/engine.svelte';
import { testAdapter } from '../testing/probes';
import { MatchRun } from './match-run.svelte';
import { DECODE_STEPS, type Contender } from './teacher-match';
import { contenderOf, lineup, MEASURED, RATES } from './test-lineup';

const plan = { lineup, window: 256, windows: 1, steps: DECODE_STEPS };
/** Head, neuron and channel scores rising with the index: the cut keeps the last ones. */
const importance = {
  criterion: 'activation' as const,
  heads: Array.from({ length: 6 }, () => [1, 2, 3, 4, 5, 6]),
  neurons: Array.from({ length: 6 }, () => Array.from({ length: 1024 }, (_, i) => i)),
  channels: Array.from({ length: 384 }, (_, i) => i),
  layers: [1, 1, 1, 1, 1, 1],
  calibrationTokens: 256,
};

/** An engine whose jobs answer at once, asking `onJob` first: it may cancel the run, or fail. */
function scriptedEngine(onJob: (name: string, key: Contender | undefined, run: MatchRun) => 'fail' | void) {
  const calls: string[] = [];
  const sessions: SessionRequest[] = [];
  const engine = {
    probe: testAdapter(2 ** 30),
    progress: undefined,
    async run(
      name: string,
      request: TeacherMatchRequest,
      options: {
        model?: SessionRequest;
        signal: AbortSignal;
        onProgress?: (u: { partial?: TeacherMatch }) => void;
      },
    ) {
      const key = name === 'teacher-match' ? contenderOf(request) : undefined;
      calls.push(key ? `${name} ${key}` : name);
      if (options.model) sessions.push(options.model);
      if (onJob(name, key, run) === 'fail') throw new Error('the model could not be loaded');
      options.signal.throwIfAborted();
      if (name === 'prune-importance') return importance;
      if (name === 'decode-sweep') {
        const rate = RATES[contenderOf(lastMatch!)];
        return [{ batch: 1, stepSeconds: 1 / rate, tokensPerSecond: rate }];
      }
      lastMatch = request;
      options.onProgress?.({ partial: MEASURED[key!] });
      return MEASURED[key!];
    },
  };
  let lastMatch: TeacherMatchRequest | undefined;
  const sources = {
    text: async () => 'Held-out text.',
    url: (model: { path: string }) => `https://example.org${model.path}`,
    session: (model: { path: string }, kept?: Kept) =>
      ({ path: model.path, kept }) as unknown as SessionRequest,
  };
  const run = new MatchRun(
    engine as unknown as Engine,
    sources,
    () => lineup,
    () => 1,
  );
  return { run, calls, sessions };
}

describe('MatchRun', () => {
  it('cuts the teacher once, then matches and times each model in turn', async () => {
    const { run, calls, sessions } = scriptedEngine(() => {});
    await run.run.start(plan);
    expect(calls).toEqual([
      'prune-importance',
      'teacher-match teacher',
      'decode-sweep',
      'teacher-match unhealed',
      'decode-sweep',
      'teacher-match pruned',
      'decode-sweep',
      'teacher-match student',
      'decode-sweep',
    ]);
    const kept = (sessions[1] as unknown as { kept: Kept }).kept;
    // The cut keeps prose-pruned's widths, the highest-scoring parts: the last channels, neurons and heads.
    expect([kept.channels.length, kept.channels[0], kept.neurons[0]!.length, kept.neurons[0]![0]]).toEqual([
      192, 192, 512, 512,
    ]);
    expect(kept.heads[0]).toEqual([3, 4, 5]);
    expect(sessions.map((s) => (s as unknown as { path: string }).path)).toEqual([
      '/models/prose-target',
      '/models/prose-target',
      '/models/prose-pruned',
      '/models/prose-student',
    ]);
    const result = run.run.result!;
    expect(result.models.map((m) => [m.key, m.match.perplexity, m.tokensPerSecond])).toEqual([
      ['teacher', 22.62, 100],
      ['unhealed', 663.6, 300],
      ['pruned', 27.12, 300],
      ['student', 26.44, 300],
    ]);
    expect(result.calibrationTokens).toBe(256);
    expect(run.turns.current).toBeUndefined();
  });

  it('names the model being measured, and keeps the models scored to the end when cancelled', async () => {
    const labels: (string | undefined)[] = [];
    const { run, calls } = scriptedEngine((name, key, r) => {
      if (name === 'teacher-match') labels.push(r.turns.runningText);
      if (key === 'pruned') r.run.cancel();
    });
    await run.run.start(plan);
    expect(labels).toEqual([
      'prose-target (teacher) (1 of 4): loading the model',
      'prose-target pruned, not healed (2 of 4): loading the model',
      'prose-pruned (pruned, healed) (3 of 4): loading the model',
    ]);
    expect(calls.at(-1)).toBe('teacher-match pruned');
    expect(run.run.result?.models.map((m) => m.key)).toEqual(['teacher', 'unhealed']);
    expect(run.run.cancelled).toBe(true);
    expect(run.cancelledText).toBe('Cancelled: 2 of 4 models measured; their results are shown.');
  });

  it('ends with the engine’s error when a model fails, the models before it still shown', async () => {
    const { run } = scriptedEngine((_name, key) => (key === 'student' ? 'fail' : undefined));
    await run.run.start(plan);
    expect(run.run.failure).toBe('the model could not be loaded');
    expect(run.run.result?.models.map((m) => m.key)).toEqual(['teacher', 'unhealed', 'pruned']);
  });
});
