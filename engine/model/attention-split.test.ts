// The split plan: unsplit for prefill and short contexts, enough chunks of whole rounds to cover every key.
import { describe, expect, it } from 'vitest';
import { attentionSplit, MAX_SPLITS } from './attention-split';

describe('attentionSplit', () => {
  it('leaves prefill steps and short spans unsplit', () => {
    expect(attentionSplit(17, 16, 8192)).toBeUndefined();
    expect(attentionSplit(1, 16, 256)).toBeUndefined();
  });

  it('cuts a long decode row into chunks of whole rounds that cover it', () => {
    expect(attentionSplit(1, 16, 8192)).toEqual({ splits: MAX_SPLITS, chunk: 256 });
    expect(attentionSplit(1, 16, 1000)).toEqual({ splits: 8, chunk: 128 });
    expect(attentionSplit(16, 16, 5000)).toEqual({ splits: 3, chunk: 1792 });
  });
});
