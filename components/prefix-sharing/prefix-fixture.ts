// A hand-made prefix-share result for the widget's tests: three requests after a 40-token system prompt (two whole
// blocks of 16 and 8 tokens over), prompts of 48, 50 and 52 tokens, each generating 2 tokens. With the cache off each
// computes its whole prompt and holds 4 blocks of its own: 12 in all. With it on, the first computes everything; the
// later two find the system prompt's 2 whole blocks (32 tokens) and compute 18 and 20, taking 2 blocks each of their
// own: 8 held, 2 shared. Times to first token: 12, 12.5 and 13 ms off; 12, 4 and 5 ms on.
import type { PrefixRun, PrefixServed, PrefixShareResult, PrefixShareServed } from '@engine/index';

const served = (cached: number, computed: number, ms: number, pageTable: number[]): PrefixServed => ({
  tokens: [5, 6],
  cached,
  computed,
  ttftSeconds: ms / 1000,
  pageTable,
});

export const OFF_RUN: PrefixRun = {
  prefixCaching: false,
  served: [
    served(0, 48, 12, [0, 1, 2, 3]),
    served(0, 50, 12.5, [4, 5, 6, 7]),
    served(0, 52, 13, [8, 9, 10, 11]),
  ],
  blocksHeld: 12,
  blocksShared: 0,
};

export const ON_RUN: PrefixRun = {
  prefixCaching: true,
  served: [served(0, 48, 12, [0, 1, 2, 3]), served(32, 18, 4, [0, 1, 4, 5]), served(32, 20, 5, [0, 1, 6, 7])],
  blocksHeld: 8,
  blocksShared: 2,
};

export const PREFIX_RESULT: PrefixShareResult = {
  runs: [OFF_RUN, ON_RUN],
  blockSize: 16,
  systemTokens: 40,
  promptTokens: [48, 50, 52],
};

/** Each request as the job reports it when it ends: the cache-off run first. */
export const STREAMED: PrefixShareServed[] = [OFF_RUN, ON_RUN].flatMap((run) =>
  run.served.map((s, index) => ({ prefixCaching: run.prefixCaching, index, served: s })),
);
