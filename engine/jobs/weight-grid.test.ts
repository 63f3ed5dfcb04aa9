// The weight grid: hand-worked groups and histograms, then the shipped target's down projection in layer 2 under
// lesson 4's schemes (its errors recorded from this run, with the orderings that make them believable).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { symmetricMax, type IntScheme } from '../quant/scheme';
import { readCpuModel } from './cpu-model';
import { COMPARISON_SCHEMES, groupGrid, histogram, weightGrid } from './weight-grid';

const folder = new URL('../../public/models/prose-target/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, folder));
const json = (name: string) => JSON.parse(read(name).toString('utf8'));
const int = (bits: IntScheme['bits'], group: IntScheme['group'], zeroPoint = false): IntScheme => ({
  kind: 'int',
  bits,
  group,
  zeroPoint,
});

describe('histogram', () => {
  it('spreads the values over equal bins from the smallest to the largest, the largest in the last', () => {
    expect(histogram(Float32Array.of(0, 0.25, 1, 1), 2)).toEqual([
      { x0: 0, x1: 0.5, count: 2 },
      { x0: 0.5, x1: 1, count: 2 },
    ]);
  });
});

describe('groupGrid', () => {
  it('gives int4’s 15 symmetric levels at the f16 scale absmax / 7, and the level each weight rounds to', () => {
    const s = 1638 / 16384; // f16(0.7 / 7) = 0.0999755859375
    const grid = groupGrid(Float32Array.of(0.7, -0.35, 0.1, 0), 1, 4, int(4, 4), 0);
    expect(grid.scale).toBe(s);
    expect(grid.zero).toBe(8);
    expect(grid.levels).toEqual(Array.from({ length: 15 }, (_, k) => (k - 7) * s));
    // −0.35 / s = −3.5009: the nearest level is −4 s, not −3 s.
    expect(grid.stored).toEqual([7 * s, -4 * s, s, 0]);
    expect(grid.maxError).toBeCloseTo(4 * s - 0.35, 7); // −0.35 stored as −4 s
    expect(grid.values).toEqual(Array.from(Float32Array.of(0.7, -0.35, 0.1, 0)));
  });

  it('gives int2 with a zero-point four levels over the group’s range, zero among them', () => {
    const s = 1092 / 8192; // f16(0.4 / 3); z = rint(0.1 / s) = 1
    const grid = groupGrid(Float32Array.of(9, 9, 9, 9, 0.3, 0.1, -0.1, 0.2), 2, 4, int(2, 4, true), 1);
    expect([grid.row, grid.scale, grid.zero]).toEqual([1, s, 1]);
    expect(grid.levels).toEqual([-s, 0, s, 2 * s]);
    expect(grid.stored).toEqual([2 * s, s, -s, 2 * s]);
  });

  it('draws the first group of a row and refuses a row the tensor does not have', () => {
    const grid = groupGrid(Float32Array.of(1, 2, 3, 4), 1, 4, int(8, 2), 0);
    expect([grid.start, grid.size, grid.values]).toEqual([0, 2, [1, 2]]);
    expect(() => groupGrid(Float32Array.of(1, 2), 1, 2, int(8, 'row'), 1)).toThrow(
      "row 1 is outside the tensor's 1",
    );
  });
});

describe('weightGrid on the shipped target', () => {
  const file = read('model.safetensors');
  const model = readCpuModel({
    configJson: json('config.json'),
    safetensors: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
  });
  const tensor = 'model.layers.2.mlp.down_proj.weight';

  it('measures every comparison scheme over layer 2’s down projection, finer groups and more bits erring less', () => {
    const grid = weightGrid(model.config, model.weights, { tensor, scheme: int(4, 128, true), row: 5 });
    expect([grid.O, grid.I, grid.histogram.length]).toEqual([384, 1024, 60]);
    expect(grid.histogram.reduce((n, b) => n + b.count, 0)).toBe(384 * 1024);
    expect(grid.absMax / grid.rms).toBeCloseTo(13.04, 2);
    // A scheme of the list is not added again.
    expect(grid.errors).toHaveLength(COMPARISON_SCHEMES.length);
    expect(grid.errors[grid.chosen]!.name).toBe('int4 g128 zp');
    const by = Object.fromEntries(grid.errors.map((e) => [e.name, e]));
    expect(by['int8 per channel']!.bitsPerWeight).toBe(8 + 16 / 1024);
    expect(by['int4 g128']!.bitsPerWeight).toBe(4.125);
    expect(by['int4 g128 zp']!.bitsPerWeight).toBe(4.25);
    // Recorded from this model: RMS error relative to the tensor's RMS.
    expect(by['int8 per channel']!.rmsError).toBeCloseTo(0.0083, 4);
    expect(by['int4 g128']!.rmsError).toBeCloseTo(0.1193, 4);
    expect(by['int2 g64']!.rmsError).toBeCloseTo(0.719, 4);
    const rms = (name: string) => by[name]!.rmsError;
    expect(rms('int8 per channel')).toBeLessThan(rms('int4 g32'));
    expect(rms('int4 g32')).toBeLessThan(rms('int4 g64'));
    expect(rms('int4 g64')).toBeLessThan(rms('int4 g128'));
    expect(rms('int4 g128 zp')).toBeLessThan(rms('int4 g128'));
    expect(rms('int4 g64')).toBeLessThan(rms('int3 g64'));
    expect(rms('int3 g64')).toBeLessThan(rms('int2 g64'));
    // Round to nearest: no weight moves more than half its group's step, at most absmax / qmax (f16-rounded).
    for (const { scheme, maxError } of grid.errors.filter((e) => !e.scheme.zeroPoint))
      expect(maxError * grid.rms).toBeLessThanOrEqual((grid.absMax / symmetricMax(scheme.bits) / 2) * 1.001);
  }, 60_000); // the 10 M-parameter model read and run on the CPU: seconds on a busy two-core machine

  it('adds a scheme outside the list, and its group’s weights each land on the nearest level', () => {
    const grid = weightGrid(model.config, model.weights, { tensor, scheme: int(3, 32, true), row: 7 });
    expect(grid.errors).toHaveLength(COMPARISON_SCHEMES.length + 1);
    expect(grid.chosen).toBe(COMPARISON_SCHEMES.length);
    expect(grid.errors[grid.chosen]!.name).toBe('int3 g32 zp');
    const { group } = grid;
    expect([group.row, group.size, group.levels.length]).toEqual([7, 32, 8]);
    group.values.forEach((w, i) => {
      const nearest = Math.min(...group.levels.map((level) => Math.abs(level - w)));
      expect(group.levels).toContain(group.stored[i]);
      expect(Math.abs(group.stored[i]! - w)).toBeCloseTo(nearest, 6);
    });
  }, 60_000); // the 10 M-parameter model read and run on the CPU: seconds on a busy two-core machine

  it('refuses a tensor that is not a block linear layer', () => {
    expect(() =>
      weightGrid(model.config, model.weights, { tensor: 'model.norm.weight', scheme: int(4, 64) }),
    ).toThrow("model.norm.weight is not a linear layer of the model's blocks");
  });
});
