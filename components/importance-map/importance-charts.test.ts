// The importance maps' sentences and tables from a hand-made result, and the concentration figure worked by hand.
import { describe, expect, it } from 'vitest';
import type { PruneImportanceResult } from '@engine/index';
import {
  describeHeads,
  describeLayers,
  describeNeurons,
  headChart,
  headRows,
  layerRows,
  neuronRows,
  topShareOfScore,
} from './importance-charts';

const result: PruneImportanceResult = {
  criterion: 'activation',
  heads: [
    [1.5, 0.25],
    [2, 0.75],
  ],
  neurons: [
    [10, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  ],
  channels: [1, 2, 3],
  layers: [0.5, 0.125],
  calibrationTokens: 256,
};

describe('topShareOfScore', () => {
  it('gives the share of the total that the top tenth holds', () => {
    expect(topShareOfScore([10, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(1);
    expect(topShareOfScore([1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toBeCloseTo(0.1, 12);
    expect(topShareOfScore([0, 0])).toBe(0);
  });
});

describe('the importance maps', () => {
  it('names the highest and lowest head and layer, with what the score measures', () => {
    expect(describeHeads(result)).toBe(
      "Importance of each of the 2 query heads in each of the 2 layers, by mean L2 norm of the head's output per " +
        "token: the highest is layer 1's head 0 (2), the lowest layer 0's head 1 (0.25).",
    );
    expect(describeLayers(result)).toBe(
      'Importance of each of the 2 layers, by rise in calibration loss when the layer is skipped (nats/token): ' +
        'layer 0 scores highest (0.5), layer 1 lowest (0.125).',
    );
    expect(describeNeurons(result)).toBe(
      "Each layer's 10 MLP neurons, sorted by mean |activation| per token: the top 10 % of a layer's neurons " +
        'hold 10 to 100 % of its total score.',
    );
  });

  it('tables every head and layer, and each layer’s neuron spread', () => {
    expect(headRows(result)).toEqual([
      ['0', '0', '1.5'],
      ['0', '1', '0.25'],
      ['1', '0', '2'],
      ['1', '1', '0.75'],
    ]);
    expect(layerRows(result)).toEqual([
      ['0', '0.5'],
      ['1', '0.125'],
    ]);
    expect(neuronRows(result)[0]).toEqual(['0', '10', '0', '0', '100 %']);
    expect(headChart(result).marks).toHaveLength(2);
  });
});
