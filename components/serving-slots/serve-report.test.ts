// The words and tables over the fixture's two runs: static 6 tokens in 50 ms (120 tokens/s) with its slots working
// 60 % of the time; continuous the same 6 tokens in 30 ms (200 tokens/s), working throughout.
import { describe, expect, it } from 'vitest';
import { CONTINUOUS_RUN, STATIC_RUN } from './serve-fixture';
import { compareRuns, metricColumns, metricRows, requestColumns, requestRows } from './serve-report';

const runs = [STATIC_RUN, CONTINUOUS_RUN];

describe('the served stream in words and tables', () => {
  it('tables each policy’s measured metrics side by side', () => {
    expect(metricColumns(runs)).toEqual(['Measured (wall clock)', 'Static batching', 'Continuous batching']);
    expect(metricRows(runs)).toEqual([
      ['Throughput', '120 tokens/s', '200 tokens/s'],
      ['Slots working', '60 %', '100 %'],
      ['Time to first token, p50', '10 ms', '10 ms'],
      ['Time to first token, p99', '34.5 ms', '14.9 ms'],
      ['Time per output token, p50', '10 ms', '10 ms'],
      ['Latency, p50', '30 ms', '25 ms'],
      ['Latency, p99', '44.7 ms', '29.9 ms'],
      ['Makespan (whole stream)', '50 ms', '30 ms'],
      ['Steps', '5', '3'],
      ['Preemptions', '0', '0'],
    ]);
  });

  it('compares the policies from the values, whichever way they go', () => {
    expect(compareRuns(runs)).toBe(
      'Served the same 3 requests, continuous batching finished sooner, in 30 ms against 50 ms: 200 tokens/s, ' +
        "1.67 times static batching's 120, with its slots working 100 % of the time against 60 %. Its median time " +
        'to first token was 10 ms against 10 ms, and its p99 latency 29.9 ms against 44.7 ms.',
    );
    const slower = {
      ...CONTINUOUS_RUN,
      metrics: { ...CONTINUOUS_RUN.metrics, makespan: 0.06, throughput: 100 },
    };
    expect(compareRuns([STATIC_RUN, slower])).toMatch(
      /^Served the same 3 requests, continuous batching finished later, in 60 ms against 50 ms: 100 tokens\/s, 0.833 times/,
    );
    expect(compareRuns([STATIC_RUN])).toBe('');
  });

  it('tables each request’s first token and finish under both policies', () => {
    expect(requestColumns(runs)).toEqual([
      'Request',
      'Arrived',
      'Tokens generated',
      'First token, Static batching',
      'Finished, Static batching',
      'First token, Continuous batching',
      'Finished, Continuous batching',
    ]);
    expect(requestRows(runs)).toEqual([
      ['#1', '0 s', '3', '10 ms', '30 ms', '10 ms', '30 ms'],
      ['#2', '0 s', '1', '10 ms', '10 ms', '10 ms', '10 ms'],
      ['#3', '5 ms', '2', '40 ms', '50 ms', '20 ms', '30 ms'],
    ]);
  });
});
