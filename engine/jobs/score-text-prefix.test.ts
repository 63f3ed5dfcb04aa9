// Held-out scoring with a tokenizer that starts every text with a BOS (a reader's Llama 2 folder): each window is the
// BOS then the text's next tokens, and every text token is scored, the first one given the BOS alone.
import { describe, expect, it } from 'vitest';
import { meanNextTokenNll } from '../serve/perplexity';
import { llama2Session, llama2Tokenizer } from '../testing/llama2-folder';
import { scoreText } from './score-text';

const text = 'It is a truth universally acknowledged, that a single man in possession of a good fortune';

async function nllAfterBos(ids: readonly number[]): Promise<number> {
  const session = await llama2Session();
  const seq = session.runner.create();
  const [logits] = await session.runner.forward([{ seq, tokens: [1, ...ids], logits: 'all' }]);
  return meanNextTokenNll(logits!, [1, ...ids], session.info.config.vocabSize);
}

describe('scoreText after a prompt prefix', () => {
  it('starts each window with the BOS and scores every text token', async () => {
    const ids = llama2Tokenizer().encode(text);
    const window = 5;
    const score = await scoreText(await llama2Session(), { text, window, windows: 2 });
    expect(score?.tokens).toBe(2 * (window - 1));
    const first = await nllAfterBos(ids.slice(0, window - 1));
    const second = await nllAfterBos(ids.slice(window - 1, 2 * (window - 1)));
    expect(score?.meanNll).toBeCloseTo((first + second) / 2, 5);
  });
});
