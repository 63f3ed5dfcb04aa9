// The end-to-end summary's section on the unit figures file, from files written here: none without a file, the
// figures under their tests with the file's age measured back from the run's start, and a line for a broken file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readUnitFigures, unitFiguresSection, type UnitFigures } from './unit-figures';

const folder = mkdtempSync(join(tmpdir(), 'unit-figures-section-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const RUN_START = new Date('2026-12-01T10:00:00.000Z');

function fileOf(name: string, run: UnitFigures | string): string {
  const path = join(folder, name);
  writeFileSync(path, typeof run === 'string' ? run : JSON.stringify(run));
  return path;
}

const run: UnitFigures = {
  written: '2026-12-01T09:46:00.000Z',
  outcome: 'passed',
  files: 2,
  tests: { passed: 9, skipped: 1 },
  figures: [
    {
      file: 'components/controls/url-codec.fuzz.test.ts',
      test: 'codecs > ticks',
      figure: 'fuzz tick codec: 2000 values, 17 corrected',
    },
    {
      file: 'engine/model/model-files.fuzz.test.ts',
      test: 'fuzzed model files > config',
      figure: 'fuzz config.json: 500 cases, 400 refused',
    },
  ],
};

describe('unitFiguresSection', () => {
  it('adds nothing when there is no file', () => {
    expect(unitFiguresSection(join(folder, 'absent.json'), RUN_START)).toEqual([]);
  });

  it("lists each figure after its test, under the run's outcome, tally and age", () => {
    expect(unitFiguresSection(fileOf('fresh.json', run), RUN_START)).toEqual([
      '',
      '## Figures the unit tests measured',
      '',
      'Vitest run: passed, written 2026-12-01T09:46:00.000Z (14 min before this run started); 2 test files, ' +
        'tests: 9 passed, 1 skipped.',
      '',
      '- codecs > ticks: fuzz tick codec: 2000 values, 17 corrected',
      '- fuzzed model files > config: fuzz config.json: 500 cases, 400 refused',
    ]);
  });

  it('shows a file from an older run by its age in hours or days', () => {
    const hours = unitFiguresSection(
      fileOf('hours.json', { ...run, written: '2026-11-30T19:00:00.000Z' }),
      RUN_START,
    );
    expect(hours[3]).toContain('(15.0 h before this run started)');
    const days = unitFiguresSection(
      fileOf('days.json', { ...run, outcome: 'failed', written: '2026-11-25T10:00:00.000Z' }),
      RUN_START,
    );
    expect(days[3]).toMatch(
      /^Vitest run: failed, written 2026-11-25T10:00:00\.000Z \(6\.0 days before this run/,
    );
  });

  it('says so when the run reported no figure', () => {
    const section = unitFiguresSection(fileOf('none.json', { ...run, tests: {}, figures: [] }), RUN_START);
    expect(section.slice(3)).toEqual([
      'Vitest run: passed, written 2026-12-01T09:46:00.000Z (14 min before this run started); 2 test files, ' +
        'tests: none.',
      '',
      'No test reported a figure.',
    ]);
  });

  it('gives one line naming the file when it cannot be read', () => {
    const path = fileOf('broken.json', '{"figures": []}');
    expect(() => readUnitFigures(path)).toThrow('is not a unit figures file');
    expect(unitFiguresSection(path, RUN_START)).toEqual([
      '',
      '## Figures the unit tests measured',
      '',
      `${path} could not be read: Error: ${path} is not a unit figures file (no "written" time, "tests" tally or ` +
        '"figures" list)',
    ]);
  });
});
