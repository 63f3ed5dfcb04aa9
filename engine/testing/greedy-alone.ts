/**
 * What each request of a stream generates served alone, greedily, on `runner`: the reference a scheduler's output
 * must equal however it interleaves, chunks or preempts the requests.
 */
import type { ModelRunner } from '../model-runner';
import { generate } from '../serve/generate';
import type { ServeRequest } from '../serve/scheduler/request-stream';

export async function greedyAlone(
  runner: ModelRunner,
  stream: readonly ServeRequest[],
): Promise<Map<number, number[]>> {
  const alone = new Map<number, number[]>();
  for (const r of stream) {
    const tokens: number[] = [];
    for await (const t of generate(runner, r.prompt, { maxTokens: r.maxNewTokens, temperature: 0, seed: 1 }))
      tokens.push(t.token);
    alone.set(r.id, tokens);
  }
  return alone;
}
