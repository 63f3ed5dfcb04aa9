/** Times each op of the prefill of a `tokens`-token prompt on the loaded model (a scratch sequence, freed after). */
import type { OpTime } from '../backend';
import { defineJob } from './job';
import { fillerTokens } from './filler-tokens';

export interface TimedPrefill {
  times: OpTime[];
  /** Tokens the timed prefill processed. */
  tokens: number;
}

export const timePrefillOpsJob = defineJob({
  name: 'time-prefill-ops',
  async run(session, request: { tokens: number }, progress, signal): Promise<TimedPrefill> {
    signal.throwIfAborted();
    progress({ stage: 'timing each op', fraction: 0 });
    const times = await session.runner.timePrefillOps(fillerTokens(request.tokens));
    return { times, tokens: request.tokens };
  },
});

declare module './registry' {
  interface JobTable {
    [timePrefillOpsJob.name]: typeof timePrefillOpsJob;
  }
}
