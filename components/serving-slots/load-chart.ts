/**
 * What waits and what the cache holds, step by step, under both policies on one time axis: requests waiting in the
 * queue when each step began, and KV blocks in use during it, against the pool's size. Each policy has its own colour
 * and dash. Pure: each policy's steps in, Plot specs and their summaries out.
 */
import * as Plot from '@observablehq/plot';
import type { BatchingPolicy, SessionShape, StepRecord } from '@engine/index';
import { formatInteger, formatNumber } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { HALO, ruleLabel } from '../charts/marks';
import { SERIES } from '../charts/palette';
import { POLICY_NAMES, type PolicySteps } from './serving';

const COLOURS = { static: SERIES.compute, continuous: SERIES.memory } as const;
const DASHES = { static: '6 3', continuous: 'none' } as const;

interface Point {
  policy: BatchingPolicy;
  /** The policy's name, as the legend shows it. */
  name: string;
  /** Milliseconds since the stream started. */
  t: number;
  value: number;
}

/** Whole-number ticks from 0 to `top`, about five of them. */
function countTicks(top: number): number[] {
  const step = Math.max(1, Math.ceil(top / 5));
  return Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
}

/** A step line per policy: each step's value from its start, held to the last step's end. */
function points(runs: readonly PolicySteps[], value: (step: StepRecord) => number): Point[] {
  return runs.flatMap(({ policy, steps }) => {
    const last = steps.at(-1);
    if (!last) return [];
    const at = (t: number, step: StepRecord) => ({
      policy,
      name: POLICY_NAMES[policy],
      t: t * 1000,
      value: value(step),
    });
    return [...steps.map((step) => at(step.start, step)), at(last.start + last.seconds, last)];
  });
}

function lineChart(
  runs: readonly PolicySteps[],
  end: number,
  value: (step: StepRecord) => number,
  label: string,
  top: number,
  room = 1,
): Plot.PlotOptions {
  const names = runs.map((r) => POLICY_NAMES[r.policy]);
  const data = points(runs, value);
  const ends = runs.flatMap(({ policy }) => data.filter((p) => p.policy === policy).slice(-1));
  return {
    ...MARGINS,
    marginTop: 24,
    x: {
      domain: [0, end * 1000],
      label: 'Time (ms, measured) →',
      labelAnchor: 'center',
      tickFormat: (d: number) => formatNumber(d),
      grid: true,
    },
    y: {
      domain: [0, Math.ceil(Math.max(1, top) * room)],
      ticks: countTicks(Math.max(1, top)),
      label,
      tickFormat: (d: number) => formatInteger(d),
      grid: true,
    },
    color: { domain: names, range: runs.map((r) => COLOURS[r.policy]), legend: true },
    marks: [
      ...runs.map(({ policy }) =>
        Plot.line(
          data.filter((p) => p.policy === policy),
          {
            x: 't',
            y: 'value',
            stroke: 'name',
            strokeWidth: 2,
            strokeDasharray: DASHES[policy],
            curve: 'step-after',
          },
        ),
      ),
      // Each line named at its end, so the policies are told apart without their colours.
      Plot.text(ends, {
        x: 't',
        y: 'value',
        text: 'policy',
        textAnchor: 'end',
        dy: -8,
        fill: 'name',
        ...HALO,
      }),
    ],
  };
}

const most = (runs: readonly PolicySteps[], value: (step: StepRecord) => number) =>
  Math.max(0, ...runs.flatMap((r) => r.steps.map(value)));

export function queueChart(runs: readonly PolicySteps[], end: number): Plot.PlotOptions {
  const queued = (s: StepRecord) => s.queued;
  return lineChart(runs, end, queued, '↑ Requests waiting', most(runs, queued));
}

/** The KV pool: its blocks, and tokens per block. */
type Pool = Pick<SessionShape, 'numBlocks' | 'blockSize'>;

/** Blocks in use during a step: the memory requests held, in blocks. */
const blocksHeld = (pool: Pool) => (step: StepRecord) => step.kv.held / pool.blockSize;

export function blocksChart(runs: readonly PolicySteps[], end: number, pool: Pool): Plot.PlotOptions {
  const { numBlocks } = pool;
  // Room above the pool's rule for its label.
  const spec = lineChart(runs, end, blocksHeld(pool), '↑ KV blocks in use', numBlocks, 1.2);
  return {
    ...spec,
    marks: [
      Plot.ruleY([numBlocks], { stroke: 'currentColor', strokeDasharray: '2 3' }),
      ruleLabel(numBlocks, `the pool: ${formatInteger(numBlocks)} blocks`),
      ...spec.marks!,
    ],
  };
}

/** "at most 5 under static batching and 2 under continuous batching". */
function mostPer(runs: readonly PolicySteps[], value: (step: StepRecord) => number): string {
  return runs
    .filter((r) => r.steps.length > 0)
    .map((r) => `${formatInteger(most([r], value))} under ${POLICY_NAMES[r.policy].toLowerCase()}`)
    .join(' and ');
}

export function describeQueue(runs: readonly PolicySteps[]): string {
  if (runs.every((r) => r.steps.length === 0)) return 'Requests waiting: no step served yet.';
  return `Requests waiting when a step began, measured step by step: at most ${mostPer(runs, (s) => s.queued)}.`;
}

export function describeBlocks(runs: readonly PolicySteps[], pool: Pool): string {
  if (runs.every((r) => r.steps.length === 0)) return 'KV blocks in use: no step served yet.';
  return (
    `KV blocks in use, of the pool's ${formatInteger(pool.numBlocks)}: at most ` +
    `${mostPer(runs, blocksHeld(pool))}.`
  );
}
