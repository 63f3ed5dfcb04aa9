/**
 * Every engine experiment the worker runs, by name. Nothing here lists them: each job file in this folder is found
 * when the worker is built, and adds its own entry to `JobTable` for the types (see probe-device.ts). The page's
 * client imports only the types, so a request, its progress and its result are typed by the job's name.
 */
import type { AnyJob, Job } from './job';

/** Job name → job, filled in by each job file's `declare module './registry'`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobTable {}

export type JobName = keyof JobTable & string;
type JobOf<N extends JobName> = JobTable[N] extends Job<N, unknown, unknown, unknown> ? JobTable[N] : never;
export type JobRequest<N extends JobName> = JobOf<N> extends Job<N, infer R, unknown, unknown> ? R : never;
export type JobResult<N extends JobName> = JobOf<N> extends Job<N, unknown, infer R, unknown> ? R : never;
export type JobPartial<N extends JobName> = JobOf<N> extends Job<N, unknown, unknown, infer P> ? P : never;

const isJob = (value: unknown): value is AnyJob =>
  typeof value === 'object' && value !== null && 'name' in value && 'needsModel' in value && 'run' in value;

const modules = import.meta.glob<Record<string, unknown>>(['./*.ts', '!./*.test.ts', '!./registry.ts'], {
  eager: true,
});

/** Every job in this folder. */
export const ALL_JOBS: readonly AnyJob[] = Object.values(modules).flatMap((exports) =>
  Object.values(exports).filter(isJob),
);

/** The job called `name`, or undefined for a name no job has. */
export function findJob(name: string): AnyJob | undefined {
  return ALL_JOBS.find((job) => job.name === name);
}
