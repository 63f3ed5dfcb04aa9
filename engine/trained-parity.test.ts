// The shipped target model on the CPU backend against PyTorch: logits at every position of a validation prompt, and
// the mean NLL of the first window of validation text (to three significant figures, as training/train.py prints).
import { describe, expect, it } from 'vitest';
import { perplexityFixture, readRepoJson, targetOnCpu } from './testing/shipped-target';
import { fixtureLogits, maxAbsDifference, type LogitsFixture } from './model/parity-fixtures';
import { meanNextTokenNll } from './serve/perplexity';

/** Logits differ from PyTorch's by f32 rounding in another summation order: well under this. */
const LOGIT_TOLERANCE = 2e-3;

describe('the shipped target on the CPU backend matches PyTorch', () => {
  it('gives the logits PyTorch gives at every position of a validation prompt', async () => {
    const fixture = readRepoJson('training/fixtures/target-logits.json') as LogitsFixture;
    const { runner, info } = await targetOnCpu();
    const [logits] = await runner.forward([{ seq: runner.create(), tokens: fixture.ids, logits: 'all' }]);
    expect(fixture.shape).toEqual([fixture.ids.length, info.config.vocabSize]);
    expect(maxAbsDifference(logits!, fixtureLogits(fixture))).toBeLessThan(LOGIT_TOLERANCE);
  }, 60_000);

  it('tokenizes the validation window as Python did and scores it to three significant figures', async () => {
    const fixture = perplexityFixture;
    const { runner, tokenizer, info } = await targetOnCpu();
    expect(tokenizer.encode(fixture.text).slice(0, fixture.ids.length)).toEqual(fixture.ids);
    const [logits] = await runner.forward([{ seq: runner.create(), tokens: fixture.ids, logits: 'all' }]);
    const nll = meanNextTokenNll(logits!, fixture.ids, info.config.vocabSize);
    expect(nll.toPrecision(3)).toBe(fixture.mean_nll.toPrecision(3));
    expect(Math.exp(nll).toPrecision(3)).toBe(fixture.perplexity.toPrecision(3));
  }, 60_000); // a 256-token prefill of a 10 M-parameter model in JavaScript
});
