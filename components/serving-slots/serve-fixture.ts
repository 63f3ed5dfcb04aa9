// A hand-made serve-stream result for the widget's tests: two slots, three requests, every step 10 ms. Requests 1 and
// 2 (ids 0 and 1) arrive at once with 4-token prompts, for 3 tokens and 1; the third arrives at 5 ms, for 2 tokens.
// Static batching serves the first two as a batch, the finished second holding its slot idle until the first ends at
// 30 ms, and only then the third (done at 50 ms). Continuous batching admits the third into the freed slot at 10 ms
// (done at 30 ms). Both serve from paged blocks, held for the tokens each request has written.
import {
  serveMetrics,
  type PolicyRun,
  type RequestRecord,
  type ServeStreamResult,
  type ServeStreamStep,
} from '@engine/index';

export const FIXTURE_SLOTS = 2;
const STEP_SECONDS = 0.01;
/** The KV pool the fixture's blocks come from: the widget's, 48 blocks of 16 tokens. */
const [POOL_BLOCKS, BLOCK] = [48, 16];

type Item = [request: number, tokens: number];
interface StepPlan {
  items: Item[];
  slots: (number | null)[];
  queued: number;
  /** What the request waiting after the step's admissions needs to join, in tokens (0, or a block of 16). */
  headNeeds?: number;
}

/**
 * Steps back to back from 0, as the scheduler's clock adds them; an item feeding several tokens is a prefill. The KV
 * memory follows the tokens fed: a request holds blocks for what it has written while it works (every working
 * request here is in every step), taking the lowest free block as the pool does, and frees them when it ends.
 */
function stepsOf(plans: readonly StepPlan[]) {
  let clock = 0;
  const written = new Map<number, number>();
  const tables = new Map<number, number[]>();
  const lowestFree = () => {
    const taken = new Set([...tables.values()].flat());
    let block = 0;
    while (taken.has(block)) block++;
    return block;
  };
  return plans.map(({ items, slots, queued, headNeeds = 0 }) => {
    const start = clock;
    clock += STEP_SECONDS;
    for (const [request] of tables) if (!items.some(([id]) => id === request)) tables.delete(request);
    for (const [request, tokens] of items) {
      written.set(request, (written.get(request) ?? 0) + tokens);
      if (!tables.has(request)) tables.set(request, []);
      const blocks = tables.get(request)!;
      while (blocks.length * BLOCK < written.get(request)!) blocks.push(lowestFree());
    }
    const owners = [...tables]
      .sort(([a], [b]) => a - b)
      .map(([request, blocks]) => ({ request, written: written.get(request)!, blocks: [...blocks] }));
    const held = owners.reduce((sum, o) => sum + o.blocks.length * BLOCK, 0);
    return {
      start,
      seconds: STEP_SECONDS,
      items: items.map(([request, tokens]) => ({
        request,
        tokens,
        phase: tokens > 1 ? ('prefill' as const) : ('decode' as const),
      })),
      occupied: slots.filter((s) => s !== null).length,
      slots,
      kv: {
        capacity: POOL_BLOCKS * BLOCK,
        held,
        used: owners.reduce((sum, o) => sum + o.written, 0),
        largestFree: POOL_BLOCKS * BLOCK - held,
        headNeeds,
        owners,
      },
      queued,
    };
  });
}

const record = (id: number, arrival: number, firstTokenAt: number, finishedAt: number, tokens: number[]) =>
  ({ id, arrival, firstTokenAt, finishedAt, tokens, preemptions: 0 }) satisfies RequestRecord;

function run(policy: PolicyRun['policy'], plans: readonly StepPlan[], requests: RequestRecord[]): PolicyRun {
  const served = { requests, steps: stepsOf(plans), preempted: [] };
  return { policy, reservation: 'paged', ...served, metrics: serveMetrics(served, FIXTURE_SLOTS) };
}

export const STATIC_RUN = run(
  'static',
  [
    {
      items: [
        [0, 4],
        [1, 4],
      ],
      slots: [0, 1],
      queued: 2,
    },
    { items: [[0, 1]], slots: [0, 1], queued: 1, headNeeds: BLOCK },
    { items: [[0, 1]], slots: [0, 1], queued: 1, headNeeds: BLOCK },
    { items: [[2, 4]], slots: [2, null], queued: 1 },
    { items: [[2, 1]], slots: [2, null], queued: 0 },
  ],
  [record(0, 0, 0.01, 0.03, [5, 6, 7]), record(1, 0, 0.01, 0.01, [8]), record(2, 0.005, 0.04, 0.05, [9, 10])],
);

export const CONTINUOUS_RUN = run(
  'continuous',
  [
    {
      items: [
        [0, 4],
        [1, 4],
      ],
      slots: [0, 1],
      queued: 2,
    },
    {
      items: [
        [0, 1],
        [2, 4],
      ],
      slots: [0, 2],
      queued: 1,
    },
    {
      items: [
        [0, 1],
        [2, 1],
      ],
      slots: [0, 2],
      queued: 0,
    },
  ],
  [record(0, 0, 0.01, 0.03, [5, 6, 7]), record(1, 0, 0.01, 0.01, [8]), record(2, 0.005, 0.02, 0.03, [9, 10])],
);

export const SERVE_RESULT: ServeStreamResult = {
  runs: [STATIC_RUN, CONTINUOUS_RUN],
  texts: [
    { prompt: 'It is a truth universally acknowledged', output: ', that a man' },
    { prompt: 'Elinor was', output: ' silent' },
    { prompt: 'The cottage stood', output: ' near the' },
  ],
};

/** The result's steps as the job streams them, policy by policy. */
export const STREAMED: ServeStreamStep[] = SERVE_RESULT.runs.flatMap((r) =>
  r.steps.map((step) => ({ policy: r.policy, reservation: r.reservation, step })),
);
