// The unit figures reporter on hand-made test modules: which annotations it keeps, under which test and file, the
// run's tally, and the file it writes where the run's root says.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestModule, Vitest } from 'vitest/node';
import UnitFiguresReporter, {
  gatherUnitFigures,
  type CaseLike,
  type ModuleLike,
} from './unit-figures-reporter';

function testCase(fullName: string, state: string, annotations: [type: string, message: string][]): CaseLike {
  return {
    fullName,
    result: () => ({ state }),
    annotations: () => annotations.map(([type, message]) => ({ type, message })),
  };
}

function testModule(relativeModuleId: string, cases: CaseLike[]): ModuleLike {
  return { relativeModuleId, children: { allTests: () => cases } };
}

const codecs = testModule('components/controls/url-codec.fuzz.test.ts', [
  testCase('codecs > ticks', 'passed', [
    ['figure', 'fuzz tick codec: 2000 values, 17 corrected'],
    ['notice', 'not a figure'],
  ]),
  testCase('codecs > choices', 'failed', []),
  testCase('codecs > later', 'skipped', [['figure', 'fuzz skipped codec: 0 values']]),
]);
const files = testModule('engine/model/model-files.fuzz.test.ts', [
  testCase('fuzzed model files > config', 'passed', [
    ['figure', 'fuzz config.json: 500 cases, 400 refused'],
    ['figure', 'fuzz config.json again: 2 cases'],
  ]),
]);

describe('gatherUnitFigures', () => {
  it('keeps every figure with its test and file, files in name order, and tallies the tests by state', () => {
    const run = gatherUnitFigures([files, codecs], 'failed', new Date(Date.UTC(2026, 11, 1, 9, 30)));
    expect(run).toEqual({
      written: '2026-12-01T09:30:00.000Z',
      outcome: 'failed',
      files: 2,
      tests: { passed: 2, failed: 1, skipped: 1 },
      figures: [
        {
          file: 'components/controls/url-codec.fuzz.test.ts',
          test: 'codecs > ticks',
          figure: 'fuzz tick codec: 2000 values, 17 corrected',
        },
        {
          file: 'components/controls/url-codec.fuzz.test.ts',
          test: 'codecs > later',
          figure: 'fuzz skipped codec: 0 values',
        },
        {
          file: 'engine/model/model-files.fuzz.test.ts',
          test: 'fuzzed model files > config',
          figure: 'fuzz config.json: 500 cases, 400 refused',
        },
        {
          file: 'engine/model/model-files.fuzz.test.ts',
          test: 'fuzzed model files > config',
          figure: 'fuzz config.json again: 2 cases',
        },
      ],
    });
  });

  it('gives an empty list and tally for a run of no tests', () => {
    const run = gatherUnitFigures([], 'interrupted', new Date(0));
    expect(run).toEqual({
      written: '1970-01-01T00:00:00.000Z',
      outcome: 'interrupted',
      files: 0,
      tests: {},
      figures: [],
    });
  });
});

describe('UnitFiguresReporter', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("writes the run's figures under the run's root, making the folder", () => {
    root = mkdtempSync(join(tmpdir(), 'unit-figures-'));
    const reporter = new UnitFiguresReporter('out/figures.json');
    reporter.onInit({ config: { root } } as Vitest);
    const before = Date.now();
    reporter.onTestRunEnd([files] as unknown as TestModule[], [], 'passed');
    const run = JSON.parse(readFileSync(join(root, 'out/figures.json'), 'utf8'));
    expect(run.outcome).toBe('passed');
    expect(run.files).toBe(1);
    expect(run.tests).toEqual({ passed: 1 });
    expect(run.figures.map((f: { figure: string }) => f.figure)).toEqual([
      'fuzz config.json: 500 cases, 400 refused',
      'fuzz config.json again: 2 cases',
    ]);
    const written = Date.parse(run.written);
    expect(written).toBeGreaterThanOrEqual(before);
    expect(written).toBeLessThanOrEqual(Date.now());
  });
});
