import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { blocksChart, describeBlocks, describeQueue, queueChart } from './load-chart';
import { CONTINUOUS_RUN, STATIC_RUN } from './serve-fixture';

const runs = [STATIC_RUN, CONTINUOUS_RUN];
const pool = { numBlocks: 48, blockSize: 16 };

describe('the queue and the KV blocks over time', () => {
  it('says the most each policy had waiting and in use', () => {
    expect(describeQueue(runs)).toBe(
      'Requests waiting when a step began, measured step by step: at most 2 under static batching and 2 under ' +
        'continuous batching.',
    );
    expect(describeBlocks(runs, pool)).toBe(
      "KV blocks in use, of the pool's 48: at most 2 under static batching and 2 under continuous batching.",
    );
    expect(describeQueue([{ policy: 'static', steps: [] }])).toBe('Requests waiting: no step served yet.');
    expect(
      describeBlocks(
        [
          { policy: 'static', steps: STATIC_RUN.steps },
          { policy: 'continuous', steps: [] },
        ],
        pool,
      ),
    ).toBe("KV blocks in use, of the pool's 48: at most 2 under static batching.");
  });

  it('counts the blocks the requests hold: whole blocks for the tokens each working request has written', () => {
    const memory = (steps: typeof STATIC_RUN.steps) =>
      steps.map((s) => [s.kv.held / pool.blockSize, s.kv.used]);
    // Static: the second request's block is freed when it ends after its prefill, though its slot stays held.
    expect(memory(STATIC_RUN.steps)).toEqual([
      [2, 8],
      [1, 5],
      [1, 6],
      [1, 4],
      [1, 5],
    ]);
    expect(memory(CONTINUOUS_RUN.steps)).toEqual([
      [2, 8],
      [2, 9],
      [2, 11],
    ]);
    expect(CONTINUOUS_RUN.steps[1]!.kv.owners).toEqual([
      { request: 0, written: 5, blocks: [0] },
      { request: 2, written: 4, blocks: [1] },
    ]);
  });

  it('holds each line to its last step’s end, with the pool drawn as a rule', async () => {
    const queue = queueChart(runs, 0.05);
    expect(queue.y?.domain).toEqual([0, 2]);
    await expect(renderSvg(queue, 640, 300)).toMatchFileSnapshot('./__snapshots__/queue.svg');
    const blocks = blocksChart(runs, 0.05, pool);
    expect(blocks.y?.domain).toEqual([0, 58]);
    expect(blocks.y?.ticks).toEqual([0, 10, 20, 30, 40]);
    await expect(renderSvg(blocks, 640, 300)).toMatchFileSnapshot('./__snapshots__/blocks.svg');
  });
});
