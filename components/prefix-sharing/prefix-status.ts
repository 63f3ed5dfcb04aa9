/**
 * The run bar's status while the requests are served, after Cancel, and once both runs are done, from the requests
 * served so far (each reported as it ends) and the result.
 */
import type { PrefixShareResult, PrefixShareServed } from '@engine/index';
import { formatInteger } from '../charts/format';

const cache = (on: boolean) => `prefix cache ${on ? 'on' : 'off'}`;

/** "request 3 of 5, prefix cache on": the request `done` requests in, counting the cache-off run first. */
function nth(done: number, requests: number): string {
  const on = done >= requests;
  return `request ${formatInteger((done % requests) + 1)} of ${formatInteger(requests)}, ${cache(on)}`;
}

/** While running: the request being served, the one after the last reported. */
export function runningWords(served: readonly PrefixShareServed[], requests: number): string {
  const now = nth(served.length, requests);
  if (served.length === 0) return `Warming up with one untimed request, then ${now}`;
  return now.charAt(0).toUpperCase() + now.slice(1);
}

export function cancelledWords(served: readonly PrefixShareServed[], requests: number): string {
  if (served.length === 0) return 'Cancelled before the first request was served.';
  return `Cancelled after ${nth(served.length - 1, requests)}.`;
}

export function servedWords({ runs, systemTokens, blockSize }: PrefixShareResult): string {
  const requests = runs[0]?.served.length ?? 0;
  const whole = Math.floor(systemTokens / blockSize);
  return (
    `Served ${formatInteger(requests)} requests with the ${cache(false)}, then on. The system prompt is ` +
    `${formatInteger(systemTokens)} tokens: ${formatInteger(whole)} whole blocks of ${formatInteger(blockSize)} ` +
    `and ${formatInteger(systemTokens - whole * blockSize)} over.`
  );
}
