import { describe, expect, it } from 'vitest';
import { handSweep } from './hand-sweep';
import { DEFAULT_REQUEST } from './scale-request';
import {
  costModelNote,
  describeLatency,
  describeScale,
  describeThroughput,
  doneText,
  gridNote,
  progressText,
} from './scale-words';
import { sweepFigures } from './sweep-figures';

const words = (sweep: ReturnType<typeof handSweep>) => describeScale(sweep, sweepFigures(sweep));

describe('the sweep in words', () => {
  it('names whichever policy serves more, and calls them level within 5 %', () => {
    const ahead = handSweep([
      [1, 'static', 100, 1],
      [1, 'continuous', 100, 1],
      [9, 'static', 900, 3],
      [9, 'continuous', 600, 1.5],
    ]);
    expect(words(ahead)).toBe(
      'Llama 2 13B on one NVIDIA H100 SXM with 64 slots, on the cost model: at 9 requests/s static batching ' +
        "serves 900 tokens/s, ×1.5 continuous batching's 600 tokens/s; median latency doubles its light-load " +
        'value at 9 requests/s under static batching and does not double up to 9 requests/s under continuous ' +
        'batching.',
    );
    const level = handSweep([
      [1, 'static', 100, 1],
      [1, 'continuous', 100, 1],
      [9, 'static', 600, 1],
      [9, 'continuous', 620, 1],
    ]);
    expect(words(level)).toContain(
      'at 9 requests/s both serve about the same: 620 tokens/s continuous, 600 tokens/s static; median latency ' +
        'stays under twice its light-load value up to 9 requests/s under both policies.',
    );
  });

  it('describes each chart from its values', () => {
    const sweep = handSweep([
      [1, 'static', 50, 2],
      [1, 'continuous', 100, 0.5],
      [10, 'static', 300, 20],
      [10, 'continuous', 950, 0.8],
    ]);
    const figures = sweepFigures(sweep);
    expect(describeThroughput(sweep, figures)).toBe(
      'Throughput against arrival rate (log scale) from 1 requests/s to 10 requests/s, analytic: static ' +
        'batching serves less than 90 % of the demand from the lightest load and ends at 300 tokens/s; ' +
        'continuous batching serves at least 90 % of the demand up to 10 requests/s and ends at 950 tokens/s.',
    );
    expect(describeLatency(figures)).toBe(
      "Median and 99th-percentile latency against arrival rate (log scale), analytic: static batching's median " +
        "goes from 2 s to 20 s and its p99 from 4 s to 40 s, knee at 10 requests/s; continuous batching's median " +
        'goes from 500 ms to 800 ms and its p99 from 1 s to 1.6 s, no knee on the grid.',
    );
  });

  it('says where a sweep has got to, and what it did', () => {
    expect(progressText({ rate: 20, index: 6, total: 13, policy: 'continuous' }, 400)).toBe(
      'Serving 400 requests at 20 requests/s under continuous batching: rate 7 of 13…',
    );
    expect(
      doneText(
        handSweep([
          [0.5, 'static', 1, 1],
          [2, 'static', 1, 1],
        ]),
      ),
    ).toBe(
      'Swept 2 arrival rates from 0.5 requests/s to 2 requests/s, 400 requests each, under both policies.',
    );
  });

  it("states the fine print's assumptions with the sweep's own numbers", () => {
    const note = costModelNote({ ...DEFAULT_REQUEST, promptMax: 1024 });
    expect(note).toMatch(/^Analytic, not measured: /);
    expect(note).toContain('A step processes at most 2,048 tokens');
    expect(note).toContain('its first request has waited 500 ms');
    expect(note).toContain('fills 90 % of the memory and pages the KV cache in blocks of 16 tokens');
    // 1,024 prompt + 4 · 128 output.
    expect(note).toContain('a full-length request (longest prompt and longest output) takes 1,536 tokens');
    expect(gridNote(handSweep([[1, 'static', 1, 1]]))).toMatch(
      /^The rates run from a sixteenth to four times a decode-only estimate of the capacity, 10 requests\/s \(64 sequences at 352 tokens of context, 13.2 ms a step\)/,
    );
  });
});
