// Beam search on shared, copied-on-write blocks against the same search done the plain way (every candidate's
// log-probabilities from a fresh prefill of its whole text, nothing shared), on a CPU runner with synthetic weights.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { PagedKvCache } from '../kv/paged-kv-cache';
import { syntheticWeights } from '../model/synthetic';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { ModelRunner } from '../model-runner';
import { beamSearch, type Beam, type BeamStep } from './beam-search';

const shape = { numBlocks: 64, blockSize: 4, maxTokens: 32, maxLogitRows: 4 };
const prompt = [11, 4, 27, 8, 19, 2];
const [width, maxTokens] = [4, 7];

/** Log-probabilities of the next token after `tokens`, from a fresh sequence. */
async function nextLogProbs(runner: ModelRunner, tokens: number[]): Promise<number[]> {
  const seq = runner.create();
  try {
    const [logits] = await runner.forward([{ seq, tokens, logits: 'last' }]);
    const max = Math.max(...logits!);
    const logTotal = Math.log(logits!.reduce((s, l) => s + Math.exp(l - max), 0));
    return Array.from(logits!, (l) => l - max - logTotal);
  } finally {
    runner.free(seq);
  }
}

async function plainBeamSearch(runner: ModelRunner): Promise<Beam[]> {
  let beams: Beam[] = [{ tokens: [], logProb: 0 }];
  for (let step = 0; step < maxTokens; step++) {
    const all: Beam[] = [];
    for (const beam of beams) {
      const logProbs = await nextLogProbs(runner, [...prompt, ...beam.tokens]);
      logProbs.forEach((lp, token) =>
        all.push({ tokens: [...beam.tokens, token], logProb: beam.logProb + lp }),
      );
    }
    beams = all.sort((a, b) => b.logProb - a.logProb).slice(0, width);
  }
  return beams;
}

describe('beamSearch', () => {
  it('finds the beams a plain search finds, its beams sharing blocks, and frees every block', async () => {
    const runner = new ModelRunner(
      new CpuBackend(TEST_CONFIG, syntheticWeights(TEST_CONFIG, 4), shape),
      new PagedKvCache(shape),
      TEST_CONFIG,
    );
    const steps: BeamStep[] = [];
    for await (const step of beamSearch(runner, prompt, { width, maxTokens })) steps.push(step);
    const found = steps.at(-1)!.beams;
    const plain = await plainBeamSearch(runner);
    expect(found.map((b) => b.tokens)).toEqual(plain.map((b) => b.tokens));
    found.forEach((b, i) => expect(b.logProb).toBeCloseTo(plain[i]!.logProb, 4));
    // The beams held fewer blocks than private copies of their text would take.
    const privateBlocks = width * Math.ceil((prompt.length + maxTokens - 1) / shape.blockSize);
    expect(steps.at(-1)!.blocksHeld).toBeLessThan(privateBlocks);
    expect(runner.cache.pool.freeCount).toBe(shape.numBlocks);
  });
});
