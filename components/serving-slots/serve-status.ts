/**
 * The run bar's status while a stream is served, after Cancel, and once both policies have served it, from the steps
 * streamed and the result.
 */
import type { ServeStreamResult, ServeStreamStep } from '@engine/index';
import { formatInteger } from '../charts/format';
import { POLICY_NAMES } from './serving';

const lower = (policy: ServeStreamStep['policy']) => POLICY_NAMES[policy].toLowerCase();

/** The policy being served and its steps so far, the last step's policy's. */
function current(streamed: readonly ServeStreamStep[]) {
  const last = streamed.at(-1);
  return last && { policy: last.policy, steps: streamed.filter((s) => s.policy === last.policy).length };
}

const steps = (n: number) => `${formatInteger(n)} step${n === 1 ? '' : 's'}`;

export function runningWords(streamed: readonly ServeStreamStep[]): string {
  const now = current(streamed);
  if (!now) return 'Warming up: one untimed batch, so that first-use costs land on neither policy’s clock';
  return `Serving the stream with ${lower(now.policy)}: ${steps(now.steps)}`;
}

export function cancelledWords(streamed: readonly ServeStreamStep[]): string {
  const now = current(streamed);
  if (!now) return 'Cancelled while warming up.';
  return `Cancelled during ${lower(now.policy)}, after ${steps(now.steps)}.`;
}

export function servedWords({ runs }: ServeStreamResult): string {
  const served = runs.map((r) => `${steps(r.steps.length)} of ${lower(r.policy)}`).join(' and ');
  return `Served ${formatInteger(runs[0]?.requests.length ?? 0)} requests: ${served}.`;
}
