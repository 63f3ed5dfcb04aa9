import { describe, expect, it } from 'vitest';
import { PREFIX_RESULT, STREAMED } from './prefix-fixture';
import { cancelledWords, runningWords, servedWords } from './prefix-status';

describe('the status of a prefix-sharing run', () => {
  it('says which request is being served, and with the cache off or on', () => {
    expect(runningWords([], 3)).toBe(
      'Warming up with one untimed request, then request 1 of 3, prefix cache off',
    );
    expect(runningWords(STREAMED.slice(0, 1), 3)).toBe('Request 2 of 3, prefix cache off');
    expect(runningWords(STREAMED.slice(0, 3), 3)).toBe('Request 1 of 3, prefix cache on');
    expect(runningWords(STREAMED.slice(0, 5), 3)).toBe('Request 3 of 3, prefix cache on');
  });

  it('says where a cancelled run stopped, and what a finished one served', () => {
    expect(cancelledWords([], 3)).toBe('Cancelled before the first request was served.');
    expect(cancelledWords(STREAMED.slice(0, 4), 3)).toBe('Cancelled after request 1 of 3, prefix cache on.');
    expect(servedWords(PREFIX_RESULT)).toBe(
      'Served 3 requests with the prefix cache off, then on. The system prompt is 40 tokens: 2 whole blocks of 16 ' +
        'and 8 over.',
    );
  });
});
