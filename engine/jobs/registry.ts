/**
 * Every engine experiment the worker runs, by name. The worker looks jobs up here; the page's client imports only
 * the types, so a request, its progress and its result are typed by the job's name. Adding an experiment adds one
 * job file and one entry in `ALL`.
 */
import { contextSweepJob } from './context-sweep';
import { decodeSweepJob } from './decode-sweep';
import { generateJob } from './generate';
import type { AnyJob, Job } from './job';
import { measureDeviceJob } from './measure-device';
import { probeDeviceJob } from './probe-device';
import { timeDecodeOpsJob } from './time-decode-ops';
import { timePrefillOpsJob } from './time-prefill-ops';

const ALL = [
  probeDeviceJob,
  measureDeviceJob,
  decodeSweepJob,
  contextSweepJob,
  timeDecodeOpsJob,
  timePrefillOpsJob,
  generateJob,
] as const;

type Jobs = { [J in (typeof ALL)[number] as J['name']]: J };

export type JobName = keyof Jobs;
export type JobRequest<N extends JobName> = Jobs[N] extends Job<N, infer R, unknown, unknown> ? R : never;
export type JobResult<N extends JobName> = Jobs[N] extends Job<N, unknown, infer R, unknown> ? R : never;
export type JobPartial<N extends JobName> = Jobs[N] extends Job<N, unknown, unknown, infer P> ? P : never;

/** The job called `name`, or undefined for a name no job has. */
export function findJob(name: string): AnyJob | undefined {
  return ALL.find((job) => job.name === name);
}
