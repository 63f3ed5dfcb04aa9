/**
 * The engine's Web Worker: holds the page's one session, so long work (weight generation, prefill, decoding) never
 * blocks the page. Loads a model on request (replacing the last and aborting what ran on it), and runs any job of
 * jobs/registry.ts by name with its own abort signal.
 */
import { createSession, type Session } from '../create-session';
import { findJob } from '../jobs/registry';
import type { FromWorker, ToWorker } from './protocol';
import { runTestAction, type TestAnswer } from './test-hooks';

const scope = self as unknown as {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};
const post = (message: FromWorker) => scope.postMessage(message);

let current: Session | undefined;
const running = new Map<number, AbortController>();

async function load(id: number, request: Extract<ToWorker, { type: 'load' }>['request']): Promise<void> {
  for (const controller of running.values()) controller.abort();
  current?.destroy();
  current = undefined;
  current = await createSession(
    request,
    (stage, fraction) => post({ type: 'progress', id, stage, fraction }),
    (lost) => {
      current = undefined;
      post({ type: 'device-lost', message: lost });
    },
  );
  post({ type: 'loaded', id, info: current.info });
}

async function run(id: number, name: string, request: unknown): Promise<void> {
  const job = findJob(name);
  if (!job) throw new Error(`The engine has no job called "${name}".`);
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const result = await job.run(
      current,
      request,
      ({ stage, fraction, partial }) => post({ type: 'progress', id, stage, fraction, partial }),
      controller.signal,
    );
    post({ type: 'result', id, result });
  } finally {
    running.delete(id);
  }
}

function handle(message: ToWorker): Promise<void> | void {
  switch (message.type) {
    case 'load':
      return load(message.id, message.request);
    case 'run':
      return run(message.id, message.job, message.request);
    case 'cancel':
      running.get(message.id)?.abort();
      return;
    case 'test':
      // Only the page's own code can post these, and only its tests do (components/state/test-hooks.ts).
      post({
        type: 'result',
        id: message.id,
        result: { jobsRunning: running.size, answer: runTestAction(message.action) } satisfies TestAnswer,
      });
      return;
  }
}

scope.onmessage = (event) => {
  Promise.resolve()
    .then(() => handle(event.data))
    .catch((error: Error) =>
      post({ type: 'error', id: event.data.id, name: error.name, message: error.message }),
    );
};
