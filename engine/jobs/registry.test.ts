import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_JOBS, findJob } from './registry';

describe('the job registry', () => {
  it('finds one job in every job file of its folder, each under a name of its own', () => {
    const files = readdirSync(import.meta.dirname).filter((f) => /^[a-z-]+\.ts$/.test(f));
    const jobFiles = files.filter(
      (f) => !['job.ts', 'registry.ts', 'filler-tokens.ts', 'yield-to-events.ts', 'cpu-model.ts'].includes(f),
    );
    expect(ALL_JOBS.map((job) => `${job.name}.ts`).sort()).toEqual(jobFiles.sort());
  });

  it('finds a job by name, and nothing for a name no job has', () => {
    expect(findJob('probe-device')?.needsModel).toBe(false);
    expect(findJob('generate')?.needsModel).toBe(true);
    expect(findJob('no-such-job')).toBeUndefined();
  });
});
