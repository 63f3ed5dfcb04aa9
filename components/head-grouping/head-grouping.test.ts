import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { describeHeadGrouping, divisors, groupRows, headGrouping, variantName } from './head-grouping';

const llama13 = analytic.modelById('llama-2-13b');

describe('divisors', () => {
  it('lists the head counts that split 40 and 32 query heads evenly', () => {
    expect(divisors(40)).toEqual([1, 2, 4, 5, 8, 10, 20, 40]);
    expect(divisors(32)).toEqual([1, 2, 4, 8, 16, 32]);
  });
});

describe('head grouping', () => {
  it('shrinks Llama 2 13B’s 819,200 bytes per token by N/K = 5 at K = 8', () => {
    const g = headGrouping(llama13, 8);
    expect(g.mhaBytesPerToken).toBe(819_200);
    expect(g.bytesPerToken).toBe(163_840);
    expect(describeHeadGrouping(g)).toBe(
      "Llama 2 13B with grouped-query attention: 40 query heads share 8 key/value heads, 5 per head; the cache holds 164 kB per token, 20 % of multi-head's 819 kB.",
    );
  });

  it('lists the query heads each key/value head serves', () => {
    expect(groupRows({ N: 40, K: 8 })).toHaveLength(8);
    expect(groupRows({ N: 40, K: 8 })[1]).toEqual(['2', '6–10']);
    expect(groupRows({ N: 4, K: 4 })[3]).toEqual(['4', '4']);
  });

  it('names the two ends', () => {
    expect(variantName({ N: 40, K: 40 })).toBe('multi-head attention');
    expect(variantName({ N: 40, K: 1 })).toBe('multi-query attention');
    expect(describeHeadGrouping(headGrouping(llama13, 40))).toContain(
      'each of the 40 query heads has its own',
    );
  });

  it('refuses a K that does not divide N', () => {
    expect(() => headGrouping(llama13, 7)).toThrow('K = 7 does not divide N = 40');
  });
});
