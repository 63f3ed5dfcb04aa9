// The memory map's test data: a burst of five requests (prompts drawn from 3 to 8 tokens, outputs from 2 to 6) served with
// continuous batching by the engine's own scheduler, contiguous and then paged, in a pool of 8 blocks of 4 tokens,
// every step 10 ms and every sampled token 0. Contiguous reservations run at most three requests at once and strand
// free memory between them; paged blocks run four.
import {
  requestStream,
  serve,
  serveMetrics,
  type PolicyRun,
  type Reservation,
  type ServeStreamResult,
} from '@engine/index';

export const FIXTURE_POOL = { numBlocks: 8, blockSize: 4 } as const;
export const FIXTURE_SLOTS = 4;
export const FIXTURE_REQUESTS = 5;

const stream = requestStream({
  seed: 22,
  requests: FIXTURE_REQUESTS,
  rate: Infinity,
  promptTokens: { kind: 'uniform', min: 3, max: 8 },
  outputTokens: { kind: 'uniform', min: 2, max: 6 },
  source: Array.from({ length: 100 }, (_, i) => i),
});

const tenMilliseconds: Parameters<typeof serve>[1] = {
  step: async (items) => ({
    seconds: 0.01,
    tokens: new Map(items.filter((i) => i.sample).map((i) => [i.request, 0])),
  }),
  release: () => {},
};

async function served(reservation: Reservation): Promise<PolicyRun> {
  const result = await serve(stream, tenMilliseconds, {
    policy: 'continuous',
    reservation,
    slots: FIXTURE_SLOTS,
    ...FIXTURE_POOL,
    tokenBudget: 32,
    chunkedPrefill: false,
    staticTimeout: 0,
  });
  return { policy: 'continuous', reservation, ...result, metrics: serveMetrics(result, FIXTURE_SLOTS) };
}

export const [CONTIGUOUS_RUN, PAGED_RUN] = [await served('contiguous'), await served('paged')];

export const MEMORY_RESULT: ServeStreamResult = {
  runs: [CONTIGUOUS_RUN, PAGED_RUN],
  texts: stream.map((r) => ({ prompt: `prompt ${r.id}`, output: ' the'.repeat(r.maxNewTokens) })),
};
