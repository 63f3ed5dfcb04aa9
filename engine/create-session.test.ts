import { describe, expect, it } from 'vitest';
import { createSession } from './create-session';
import { toHuggingFace } from './model/config';
import { writeSafetensors } from './model/safetensors';
import { syntheticWeights } from './model/synthetic';
import { TEST_CONFIG } from './model/synthetic-configs';
import { tensorOf, tensorSpecs } from './model/weights';
import { f32Values } from './quant/encoded-matrix';
import type { WeightScheme } from './quant/scheme';
import { maxAbsDifference } from './model/parity-fixtures';
import { randomImportance } from './prune/importance';
import { keptByImportance } from './prune/plan';
import { sliceModel } from './prune/slice';
import { calibrationForward } from './quant/activation-stats';

const shape = { numBlocks: 16, blockSize: 16, maxTokens: 32, maxLogitRows: 1 };

/** The test model's weights as a safetensors file under Hugging Face names. */
function checkpoint(seed: number): ArrayBuffer {
  const weights = syntheticWeights(TEST_CONFIG, seed);
  return writeSafetensors(
    tensorSpecs(TEST_CONFIG).map((spec) => ({
      name: spec.name,
      shape: spec.shape,
      data: f32Values(tensorOf(weights, spec)),
    })),
  );
}

describe('createSession', () => {
  it('loads a checkpoint (config.json + model.safetensors) with progress, matching the synthetic model it was saved from', async () => {
    const stages: string[] = [];
    const fromFiles = await createSession(
      {
        model: { kind: 'files', configJson: toHuggingFace(TEST_CONFIG), safetensors: checkpoint(3) },
        shape,
        backend: 'cpu',
      },
      (stage) => stages.push(stage),
    );
    const synthetic = await createSession({
      model: { kind: 'synthetic', config: TEST_CONFIG, seed: 3 },
      shape,
      backend: 'cpu',
    });
    expect(stages).toContain('reading weights');
    expect(fromFiles.info).toMatchObject({ backend: 'cpu', parameters: synthetic.info.parameters });
    const run = async (s: typeof synthetic) =>
      (await s.runner.forward([{ seq: s.runner.create(), tokens: [5, 6, 7], logits: 'last' }]))[0];
    expect(await run(fromFiles)).toEqual(await run(synthetic));
  });

  it('stores a checkpoint in a weight scheme, with AWQ scales calibrated first when asked', async () => {
    const int4: WeightScheme = { kind: 'int', bits: 4, group: 32, zeroPoint: false };
    const load = (weights: WeightScheme, calibrationText?: string) =>
      createSession({
        model: { kind: 'files', configJson: toHuggingFace(TEST_CONFIG), safetensors: checkpoint(4) },
        shape,
        backend: 'cpu',
        weights,
        ...(calibrationText !== undefined && { awq: { calibrationText } }),
      });
    const [f32, rtn, awq] = [
      await load({ kind: 'f32' }),
      await load(int4),
      await load(int4, 'x'.repeat(300)),
    ];
    expect(rtn.info).toMatchObject({ scheme: int4, awq: false });
    expect(awq.info.awq).toBe(true);
    // Block linears at 4.5 bits per weight; the embedding f32, the head at 16 bits.
    expect(rtn.info.weightBytes).toBeLessThan(f32.info.weightBytes / 2);
    const logits = async (s: typeof f32) =>
      (await s.runner.forward([{ seq: s.runner.create(), tokens: [5, 6, 7], logits: 'last' }]))[0]!;
    const [exact, plain, scaled] = [await logits(f32), await logits(rtn), await logits(awq)];
    expect(plain).not.toEqual(scaled);
    expect(maxAbsDifference(plain, exact)).toBeLessThan(0.5);
    await expect(load(int4, 'too short')).rejects.toThrow(
      'AWQ needs 256 tokens of calibration text; it was given 9',
    );
    await expect(load({ kind: 'f16' }, 'x'.repeat(300))).rejects.toThrow(
      'AWQ scales weights for an integer scheme',
    );
  });

  it('loads a checkpoint pruned: sliced to a smaller model, or sparse in the same shapes', async () => {
    const kept = keptByImportance(TEST_CONFIG, randomImportance(TEST_CONFIG, 2), 'neurons', 0.5);
    const load = (prune?: Parameters<typeof createSession>[0]['prune']) =>
      createSession({
        model: { kind: 'files', configJson: toHuggingFace(TEST_CONFIG), safetensors: checkpoint(5) },
        shape,
        backend: 'cpu',
        ...(prune && { prune }),
      });
    const [dense, sliced, sparse] = [
      await load(),
      await load({ kept }),
      await load({ sparsity: { kind: '2:4' } }),
    ];
    const expected = sliceModel(TEST_CONFIG, syntheticWeights(TEST_CONFIG, 5), kept);
    expect(sliced.info.config).toEqual(expected.config);
    expect(sliced.info.parameters).toBeLessThan(dense.info.parameters);
    expect(sparse.info.weightBytes).toBe(dense.info.weightBytes);
    const last = async (s: typeof dense) =>
      (await s.runner.forward([{ seq: s.runner.create(), tokens: [5, 6, 7], logits: 'last' }]))[0]!;
    const reference = calibrationForward(expected.config, expected.weights, [5, 6, 7]).subarray(2 * 256);
    expect(maxAbsDifference(await last(sliced), reference)).toBeLessThan(1e-5);
    expect(maxAbsDifference(await last(sparse), await last(dense))).toBeGreaterThan(0);
    await expect(
      createSession({
        model: { kind: 'synthetic', config: TEST_CONFIG, seed: 1 },
        shape,
        backend: 'cpu',
        prune: { kept },
      }),
    ).rejects.toThrow('pruning needs a model read from files');
  });

  it('names the bad field or tensor of a malformed checkpoint', async () => {
    const bad = (configJson: unknown, safetensors: ArrayBuffer) =>
      createSession({ model: { kind: 'files', configJson, safetensors }, shape, backend: 'cpu' });
    await expect(bad({ ...toHuggingFace(TEST_CONFIG), hidden_size: 0 }, checkpoint(1))).rejects.toThrow(
      '"hidden_size" must be a positive integer',
    );
    await expect(bad(toHuggingFace(TEST_CONFIG), writeSafetensors([]))).rejects.toThrow(
      'tensor "model.embed_tokens.weight" is missing',
    );
  });

  it("uses the checkpoint's tokenizer.json, and refuses one with more tokens than the model has", async () => {
    const vocab = Object.fromEntries([...'abcdefghijklmnopqrstuvwxyz', 'ab'].map((token, id) => [token, id]));
    const tokenizerJson = {
      model: { type: 'BPE', vocab, merges: ['a b'] },
      pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, use_regex: true },
      decoder: { type: 'ByteLevel' },
      added_tokens: [],
    };
    const files = (tokenizer: unknown, vocabSize: number) =>
      createSession({
        model: {
          kind: 'files',
          configJson: { ...toHuggingFace(TEST_CONFIG), vocab_size: vocabSize },
          safetensors: checkpoint(1),
          tokenizerJson: tokenizer,
        },
        shape,
        backend: 'cpu',
      });
    const { tokenizer } = await files(tokenizerJson, TEST_CONFIG.vocabSize);
    expect(tokenizer.encode('abc')).toEqual([26, 2]);
    await expect(files(undefined, 100)).rejects.toThrow(
      '"vocab_size" is 100, fewer than the tokenizer\'s 256 tokens',
    );
  });

  it('refuses a CPU session beyond the CPU budget, naming it', async () => {
    const big = { ...TEST_CONFIG, hiddenSize: 4096, intermediateSize: 16384, numLayers: 8, headDim: 1024 };
    await expect(
      createSession({ model: { kind: 'synthetic', config: big, seed: 1 }, shape, backend: 'cpu' }),
    ).rejects.toThrow(/more than the 512 MB allowed on this device/);
  });

  it('loads a draft beside the model on the same backend, and refuses one with another vocabulary', async () => {
    const small = { ...TEST_CONFIG, numLayers: 1 };
    const session = await createSession({
      model: { kind: 'synthetic', config: TEST_CONFIG, seed: 3 },
      draft: { kind: 'synthetic', config: small, seed: 4 },
      shape,
      backend: 'cpu',
    });
    const alone = await createSession({
      model: { kind: 'synthetic', config: small, seed: 4 },
      shape,
      backend: 'cpu',
    });
    expect(session.info.draft).toEqual({
      parameters: alone.info.parameters,
      weightBytes: alone.info.weightBytes,
      config: small,
    });
    const logits = async (runner: typeof session.runner) =>
      (await runner.forward([{ seq: runner.create(), tokens: [5, 6, 7], logits: 'last' }]))[0];
    expect(await logits(session.draftRunner!)).toEqual(await logits(alone.runner));
    await expect(
      createSession({
        model: { kind: 'synthetic', config: TEST_CONFIG, seed: 3 },
        draft: { kind: 'synthetic', config: { ...small, vocabSize: 300 }, seed: 4 },
        shape,
        backend: 'cpu',
      }),
    ).rejects.toThrow(
      `the draft's vocabulary (300 tokens) is not the target's (${TEST_CONFIG.vocabSize} tokens)`,
    );
  });
});
