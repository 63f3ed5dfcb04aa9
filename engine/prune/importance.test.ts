// Importance by activations, by weight magnitude and at random, on a synthetic model with parts silenced on purpose.
import { describe, expect, it } from 'vitest';
import { Random } from '../model/random';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { syntheticWeights } from '../model/synthetic';
import type { LayerWeights, LlamaWeights } from '../model/weights';
import { ActivationRecorder, calibrationForward } from '../quant/activation-stats';
import { f32Values } from '../quant/encoded-matrix';
import { activationImportance, calibrationLoss, magnitudeImportance, randomImportance } from './importance';

const c = TEST_CONFIG; // D 64, F 192, 2 layers, 4 query heads in 2 groups, H 16
const weights = syntheticWeights(c, 11);
const rng = new Random(2);
const sequences = [0, 1].map(() => Array.from({ length: 12 }, () => rng.int(c.vocabSize)));

/** weights with layer l's tensors changed by `edit`. */
function editLayer(
  w: LlamaWeights,
  l: number,
  edit: (layer: LayerWeights) => Partial<LayerWeights>,
): LlamaWeights {
  return { ...w, layers: w.layers.map((layer, i) => (i === l ? { ...layer, ...edit(layer) } : layer)) };
}

const zeroRows = (m: LayerWeights['wq'], width: number, rows: number[]) =>
  f32Values(m).map((v, k) => (rows.includes(Math.floor(k / width)) ? 0 : v));

describe('activationImportance', () => {
  it('scores zero a group whose values are zero, a neuron whose up row is zero, and a layer that adds nothing', () => {
    const rowsOfGroup1 = Array.from({ length: 16 }, (_, i) => 16 + i);
    let w = editLayer(weights, 0, (layer) => ({ wv: zeroRows(layer.wv!, 64, rowsOfGroup1) }));
    w = editLayer(w, 1, (layer) => ({ wUp: zeroRows(layer.wUp, 64, [5]) }));
    const silent = editLayer(w, 1, (layer) => ({
      wo: new Float32Array(f32Values(layer.wo).length),
      wDown: new Float32Array(f32Values(layer.wDown).length),
    }));
    const scores = activationImportance(c, w, sequences);
    expect(Array.from(scores.heads[0]!.slice(2))).toEqual([0, 0]);
    expect(scores.heads[0]!.slice(0, 2).every((s) => s > 0)).toBe(true);
    expect(scores.neurons[1]![5]).toBe(0);
    expect(scores.neurons[1]!.filter((s) => s > 0)).toHaveLength(191);
    expect(activationImportance(c, silent, sequences).layers[1]).toBe(0);
    expect(scores.layers[1]).not.toBe(0);
  });

  it('gives neurons the mean |x| of the down projection input that AWQ calibrates on', () => {
    const recorder = new ActivationRecorder(c);
    for (const tokens of sequences) calibrationForward(c, weights, tokens, recorder);
    const { stats } = recorder.calibration();
    const scores = activationImportance(c, weights, sequences);
    stats.forEach((layer, l) =>
      layer.downInput.forEach((mean, f) => expect(scores.neurons[l]![f]).toBeCloseTo(mean, 5)),
    );
    // The channels add every norm's output: each layer's two, and the final one, so more than the layers' alone.
    const layerNorms = stats.reduce((s, layer) => s + layer.attnInput[3]! + layer.mlpInput[3]!, 0);
    expect(scores.channels[3]).toBeGreaterThan(layerNorms);
  });
});

describe('calibrationLoss', () => {
  it('is the mean next-token loss, near ln V for a model with random weights', () => {
    const loss = calibrationLoss(c, weights, sequences);
    expect(loss).toBeGreaterThan(0);
    expect(Math.abs(loss - Math.log(c.vocabSize))).toBeLessThan(1);
  });
});

describe('magnitudeImportance and randomImportance', () => {
  it('scores a head by the norm of its q rows and o columns, a channel by its embedding column', () => {
    const scores = magnitudeImportance(c, weights);
    const [wq, wo] = [f32Values(weights.layers[1]!.wq), f32Values(weights.layers[1]!.wo)];
    let squares = 0;
    for (let r = 32; r < 48; r++) for (let i = 0; i < 64; i++) squares += wq[r * 64 + i]! ** 2; // head 2's q rows
    for (let r = 0; r < 64; r++) for (let j = 32; j < 48; j++) squares += wo[r * 64 + j]! ** 2; // its o columns
    expect(scores.heads[1]![2]).toBeCloseTo(Math.sqrt(squares), 10);
    let column = 0;
    for (let v = 0; v < c.vocabSize; v++) column += weights.embed[v * 64 + 9]! ** 2;
    expect(scores.channels[9]).toBeCloseTo(Math.sqrt(column), 10);
  });

  it('draws the same random scores for a seed and others for another', () => {
    const [a, b, other] = [randomImportance(c, 1), randomImportance(c, 1), randomImportance(c, 2)];
    expect(a).toEqual(b);
    expect(a.neurons[0]).not.toEqual(other.neurons[0]);
    expect(a.channels.every((s) => s >= 0 && s < 1)).toBe(true);
  });
});
