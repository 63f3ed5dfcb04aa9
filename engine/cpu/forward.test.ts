import { describe, expect, it } from 'vitest';
import { PagedKvCache } from '../kv/paged-kv-cache';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { syntheticWeights } from '../model/synthetic';
import { Random } from '../model/random';
import { ModelRunner } from '../model-runner';
import { CpuBackend } from './forward';
import { f32Values, type Matrix } from '../quant/encoded-matrix';

const weights = syntheticWeights(TEST_CONFIG, 1234);

function session(blockSize: number, numBlocks = 64): ModelRunner {
  const cache = new PagedKvCache({ numBlocks, blockSize });
  return new ModelRunner(new CpuBackend(TEST_CONFIG, weights, { numBlocks, blockSize }), cache, TEST_CONFIG);
}

function prompt(seed: number, length: number): number[] {
  const rng = new Random(seed);
  return Array.from({ length }, () => rng.int(256));
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
}

/** Prefill `tokens`, then return logits for each of `next` decoded one at a time. */
async function decodeOneByOne(s: ModelRunner, tokens: number[], next: number[]): Promise<Float32Array[]> {
  const seq = s.create();
  const out = [(await s.forward([{ seq, tokens, logits: 'last' }]))[0]!];
  for (const token of next) out.push((await s.forward([{ seq, tokens: [token], logits: 'last' }]))[0]!);
  return out;
}

describe('CPU forward over the paged cache', () => {
  it('gives a first token the logits worked out from the weights by hand', async () => {
    // A first token attends only to itself (weight exactly 1 on its own value) and RoPE at position 0 is the
    // identity, so its logits are a chain of norms, matrix-vector products and residual adds: computed here in f64,
    // independently of the forward's ops. Norm gains are drawn (synthetic ones are all 1) so that each counts.
    const rng = new Random(11);
    const gain = () => rng.uniformArray(TEST_CONFIG.hiddenSize, 0.5).map((g) => 1 + g); // in [0.5, 1.5)
    const layers = weights.layers.map((w) => ({ ...w, attnNorm: gain(), mlpNorm: gain() }));
    const gained = { ...weights, layers, finalNorm: gain() };
    const { hiddenSize: D, numHeads: N, numKvHeads: K, headDim: H, rmsNormEps: eps } = TEST_CONFIG;
    const token = 42;
    const norm = (x: number[], gain: Float32Array) => {
      const scale = 1 / Math.sqrt(x.reduce((sum, xi) => sum + xi * xi, 0) / x.length + eps);
      return x.map((xi, i) => xi * scale * gain[i]!);
    };
    const times = (matrix: Matrix, x: number[], w = f32Values(matrix)) =>
      Array.from({ length: w.length / x.length }, (_, o) =>
        x.reduce((sum, xi, i) => sum + xi * w[o * x.length + i]!, 0),
      );
    let x = Array.from(gained.embed.subarray(token * D, (token + 1) * D));
    for (const w of gained.layers) {
      const v = times(w.wv!, norm(x, w.attnNorm)); // (K·H)
      // Query head n reads KV head n ÷ (N/K).
      const att = Array.from({ length: N * H }, (_, i) => v[Math.floor(i / H / (N / K)) * H + (i % H)]!);
      x = times(w.wo, att).map((o, i) => x[i]! + o);
      const h = norm(x, w.mlpNorm);
      const up = times(w.wUp, h);
      const gated = times(w.wGate, h).map((g, i) => (g / (1 + Math.exp(-g))) * up[i]!);
      x = times(w.wDown, gated).map((d, i) => x[i]! + d);
    }
    const expected = times(gained.lmHead, norm(x, gained.finalNorm));
    const shape = { numBlocks: 4, blockSize: 16 };
    const s = new ModelRunner(
      new CpuBackend(TEST_CONFIG, gained, shape),
      new PagedKvCache(shape),
      TEST_CONFIG,
    );
    const [logits] = await s.forward([{ seq: s.create(), tokens: [token], logits: 'last' }]);
    expect(logits!.length).toBe(TEST_CONFIG.vocabSize);
    // f32 sums against f64 ones, for logits of order one.
    expect(maxDiff(logits!, Float32Array.from(expected))).toBeLessThan(1e-5);
    expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(0.1);
  });

  it('gives the same logits with blocks of 1 and 3 tokens as with one contiguous block', async () => {
    const tokens = prompt(2, 11);
    const next = prompt(3, 6);
    const contiguous = await decodeOneByOne(session(64, 4), tokens, next);
    for (const blockSize of [1, 3]) {
      const paged = await decodeOneByOne(session(blockSize, 64), tokens, next);
      paged.forEach((logits, i) => expect(maxDiff(logits, contiguous[i]!)).toBeLessThan(1e-5));
    }
  });

  it('runs a batch of three sequences of different lengths exactly as each alone', async () => {
    const prompts = [prompt(4, 3), prompt(5, 9), prompt(6, 1)];
    const alone = await Promise.all(prompts.map(async (p) => decodeOneByOne(session(4), p, [7, 8])));
    const s = session(4);
    const seqs = prompts.map(() => s.create());
    const batched = [
      await s.forward(prompts.map((tokens, i) => ({ seq: seqs[i]!, tokens, logits: 'last' as const }))),
    ];
    for (const token of [7, 8])
      batched.push(await s.forward(seqs.map((seq) => ({ seq, tokens: [token], logits: 'last' as const }))));
    batched.forEach((step, i) =>
      step.forEach((logits, b) => expect(maxDiff(logits, alone[b]![i]!)).toBeLessThan(1e-5)),
    );
  });

  it('verifies several draft tokens in one call exactly as decoding them one by one', async () => {
    const tokens = prompt(7, 6);
    const draft = prompt(8, 4);
    const oneByOne = await decodeOneByOne(session(4), tokens, draft);
    const s = session(4);
    const seq = s.create();
    await s.forward([{ seq, tokens, logits: 'last' }]);
    const [verified] = await s.forward([{ seq, tokens: draft, logits: 'all' }]);
    draft.forEach((_, i) => {
      const row = verified!.subarray(i * 256, (i + 1) * 256);
      expect(maxDiff(row, oneByOne[i + 1]!)).toBeLessThan(1e-5);
    });
  });

  it('lets a fork diverge without changing its parent (copy-on-write through the backend)', async () => {
    const s = session(4);
    const parent = s.create();
    await s.forward([{ seq: parent, tokens: prompt(9, 6), logits: 'last' }]);
    const child = s.fork(parent);
    await s.forward([{ seq: child, tokens: [1], logits: 'last' }]);
    const [fromParent] = await s.forward([{ seq: parent, tokens: [2], logits: 'last' }]);
    const [reference] = (await decodeOneByOne(session(4), prompt(9, 6), [2])).slice(-1);
    expect(maxDiff(fromParent!, reference!)).toBeLessThan(1e-5);
  });

  it('keeps activations finite and logits bounded over a generation to the last position', async () => {
    const s = session(16, 16);
    const seq = s.create();
    let [logits] = await s.forward([{ seq, tokens: prompt(10, 8), logits: 'last' }]);
    let largest = 0;
    for (let pos = 8; pos < TEST_CONFIG.maxPositions; pos++) {
      largest = Math.max(largest, ...logits!.map(Math.abs));
      expect(logits!.every(Number.isFinite)).toBe(true);
      [logits] = await s.forward([{ seq, tokens: [pos % 256], logits: 'last' }]);
    }
    // Weights of standard deviation 1/√fan-in and normalised residuals keep logits of order one.
    expect(largest).toBeLessThan(20);
  });

  it('refuses token ids outside the vocabulary and positions past the model', async () => {
    const s = session(4);
    const seq = s.create();
    await expect(s.forward([{ seq, tokens: [1, 256], logits: 'last' }])).rejects.toThrow(
      'token id 256 is outside the vocabulary of 256',
    );
    await expect(s.forward([{ seq, tokens: new Array(257).fill(1), logits: 'last' }])).rejects.toThrow(
      'would reach 257 tokens; the model handles at most 256',
    );
  });

  it('refuses a batch the cache cannot hold, before touching it', async () => {
    const s = session(4, 2);
    const seq = s.create();
    await expect(s.forward([{ seq, tokens: prompt(1, 9), logits: 'last' }])).rejects.toThrow(
      'needs 3 free KV blocks; 2 are free',
    );
    expect(s.cache.length(seq)).toBe(0);
  });
});
