import { describe, expect, it } from 'vitest';
import { SERVE_RESULT, STREAMED } from './serve-fixture';
import { cancelledWords, runningWords, servedWords } from './serve-status';

describe('the status of a served stream', () => {
  it('says which policy is serving and how far it has got', () => {
    expect(runningWords([])).toBe(
      'Warming up: one untimed batch, so that first-use costs land on neither policy’s clock',
    );
    expect(runningWords(STREAMED.slice(0, 1))).toBe('Serving the stream with static batching: 1 step');
    expect(runningWords(STREAMED.slice(0, 7))).toBe('Serving the stream with continuous batching: 2 steps');
  });

  it('says where a cancelled run stopped, and what a finished one served', () => {
    expect(cancelledWords([])).toBe('Cancelled while warming up.');
    expect(cancelledWords(STREAMED.slice(0, 4))).toBe('Cancelled during static batching, after 4 steps.');
    expect(servedWords(SERVE_RESULT)).toBe(
      'Served 3 requests: 5 steps of static batching and 3 steps of continuous batching.',
    );
  });
});
