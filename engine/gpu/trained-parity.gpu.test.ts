// The shipped target model on the WebGPU backend against PyTorch, loaded as the site loads it (fetched from its
// folder): logits at every position of a validation prompt, and the mean NLL of the first validation window.
import { describe, expect, it } from 'vitest';
import logitsJson from '../../training/fixtures/target-logits.json';
import perplexityJson from '../../training/fixtures/target-perplexity.json';
import { createSession } from '../create-session';
import {
  fixtureLogits,
  maxAbsDifference,
  type LogitsFixture,
  type PerplexityFixture,
} from '../model/parity-fixtures';
import { meanNextTokenNll } from '../serve/perplexity';

/** Logits differ from PyTorch's by f32 rounding in another summation order: well under this. */
const LOGIT_TOLERANCE = 2e-3;

describe('the shipped target on the WebGPU backend matches PyTorch', () => {
  it('gives PyTorch’s logits for a validation prompt, and its NLL to three significant figures', async () => {
    const { runner, info } = await createSession({
      model: { kind: 'url', base: '/models/prose-target' },
      shape: { numBlocks: 18, blockSize: 16, maxTokens: 256, maxLogitRows: 256 },
      backend: 'auto',
    });
    expect(info.backend).toBe('webgpu');
    const logitsFixture = logitsJson as LogitsFixture;
    const [logits] = await runner.forward([
      { seq: runner.create(), tokens: logitsFixture.ids, logits: 'all' },
    ]);
    expect(maxAbsDifference(logits!, fixtureLogits(logitsFixture))).toBeLessThan(LOGIT_TOLERANCE);

    const window = perplexityJson as PerplexityFixture;
    const [scored] = await runner.forward([{ seq: runner.create(), tokens: window.ids, logits: 'all' }]);
    const nll = meanNextTokenNll(scored!, window.ids, info.config.vocabSize);
    expect(nll.toPrecision(3)).toBe(window.mean_nll.toPrecision(3));
  }, 180_000); // two 256-token prefills on SwiftShader: about a minute on a busy machine
});
