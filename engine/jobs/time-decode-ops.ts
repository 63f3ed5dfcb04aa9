/**
 * Times each op of one decode step after `context` cached tokens on the loaded model (lesson 1's breakdown and
 * measured roofline). The context is prefilled into a scratch sequence, freed afterwards; a cancel before the timing
 * starts skips it.
 */
import type { OpTime } from '../backend';
import { defineJob } from './job';
import { fillerTokens } from './filler-tokens';

export interface TimedDecode {
  times: OpTime[];
  /** Tokens cached before the timed step. */
  cached: number;
}

export const timeDecodeOpsJob = defineJob({
  name: 'time-decode-ops',
  async run(session, request: { context: number }, progress, signal): Promise<TimedDecode> {
    const { runner } = session;
    const seq = runner.create();
    try {
      progress({ stage: 'filling the cache', fraction: 0 });
      await runner.forward([{ seq, tokens: fillerTokens(request.context), logits: 'last' }]);
      signal.throwIfAborted();
      progress({ stage: 'timing each op', fraction: 0.5 });
      return { times: await runner.timeDecodeOps(seq, 32), cached: request.context };
    } finally {
      runner.free(seq);
    }
  },
});

declare module './registry' {
  interface JobTable {
    [timeDecodeOpsJob.name]: typeof timeDecodeOpsJob;
  }
}
