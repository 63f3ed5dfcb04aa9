// The charts over the fixture's three requests: times to first token of 12, 12.5 and 13 ms with the cache off and 12,
// 4 and 5 ms with it on; with it on, the later two find 32 of their 50 and 52 prompt tokens in the cache.
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { describeTokens, describeTtft, tokensChart, ttftChart } from './prefix-charts';
import { STREAMED } from './prefix-fixture';

describe('the prefix-sharing charts', () => {
  it('says each run’s times to first token, the first request apart from the later ones', () => {
    expect(describeTtft([])).toBe('Time to first token: no request served yet.');
    expect(describeTtft(STREAMED.slice(0, 2))).toBe(
      'Time to first token of each request, measured: with the prefix cache off, 12 ms to 12.5 ms over 2 requests.',
    );
    expect(describeTtft(STREAMED.slice(0, 4))).toBe(
      'Time to first token of each request, measured: with the prefix cache off, 12 ms to 13 ms over 3 ' +
        'requests; with it on, 12 ms for the first.',
    );
    expect(describeTtft(STREAMED)).toBe(
      'Time to first token of each request, measured: with the prefix cache off, 12 ms to 13 ms over 3 ' +
        'requests; with it on, 12 ms for the first and 4 ms to 5 ms for the 2 later ones.',
    );
  });

  it('says what each request found in the cache and computed, once the cache is on', () => {
    expect(describeTokens(STREAMED.slice(0, 3))).toBe(
      'Prompt tokens with the prefix cache on: no request served with it on yet.',
    );
    expect(describeTokens(STREAMED.slice(0, 4))).toBe(
      'With the prefix cache on, the first request computed all 48 tokens of its prompt.',
    );
    expect(describeTokens(STREAMED, 40)).toBe(
      'With the prefix cache on, the first request computed all 48 tokens of its prompt; the later ones found 32 ' +
        'tokens of theirs in the cache and computed 18 to 20 tokens. The system prompt is 40 tokens.',
    );
  });

  it('keeps a band for every request from the start, the axes fixed by what has been served', async () => {
    const early = ttftChart(STREAMED.slice(0, 1), 3);
    expect(early.fy?.domain).toEqual(['#1', '#2', '#3']);
    expect(early.x?.domain).toEqual([0, 12]);
    const ttft = ttftChart(STREAMED, 3);
    expect(ttft.x?.domain).toEqual([0, 13]);
    await expect(renderSvg(ttft, 640, 300)).toMatchFileSnapshot('./__snapshots__/ttft.svg');
    const tokens = tokensChart(STREAMED, 3, 40);
    expect(tokens.x?.domain).toEqual([0, 52]);
    await expect(renderSvg(tokens, 640, 300)).toMatchFileSnapshot('./__snapshots__/tokens.svg');
  });
});
