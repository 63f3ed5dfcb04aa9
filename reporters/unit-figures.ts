// The unit figures file: what the last Vitest run measured (each a test annotation of type `FIGURE`), written by
// reporters/unit-figures-reporter.ts and read into the end-to-end summary (e2e/summary-reporter.ts) as its section
// on the unit tests. It lies outside test-results/, which Playwright empties when it starts.
import { existsSync, readFileSync } from 'node:fs';

/** The annotation type of a figure, the same as the journeys' (e2e/figures.ts): `annotate(sentence, FIGURE)`. */
export const FIGURE = 'figure';

/** Where the file lies, from the repository's root (ignored by git). */
export const UNIT_FIGURES_PATH = 'reports/unit-figures.json';

/** One figure and the test that measured it. */
export interface UnitFigure {
  /** The test file, from its project's root. */
  file: string;
  /** The test's name with its suites', joined by ` > `. */
  test: string;
  /** The figure, a sentence with its numbers and units. */
  figure: string;
}

/** What the file holds: when and how the run ended, and its figures. */
export interface UnitFigures {
  /** When the run ended, as an ISO 8601 time. */
  written: string;
  /** How the run ended: passed, failed or interrupted. */
  outcome: string;
  /** The test files the run took. */
  files: number;
  /** The tests by state (passed, failed, skipped), those with none left out. */
  tests: Record<string, number>;
  figures: UnitFigure[];
}

/** The file at `path`, undefined when there is none; throws when it is not a unit figures file. */
export function readUnitFigures(path: string): UnitFigures | undefined {
  if (!existsSync(path)) return undefined;
  const run = JSON.parse(readFileSync(path, 'utf8')) as UnitFigures;
  if (typeof run?.written !== 'string' || typeof run.tests !== 'object' || !Array.isArray(run.figures)) {
    throw new Error(
      `${path} is not a unit figures file (no "written" time, "tests" tally or "figures" list)`,
    );
  }
  return run;
}

/** A span of time in the largest unit that keeps it above one: "45 min", "3.2 h", "6.0 days". */
function age(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 120) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / (24 * 60)).toFixed(1)} days`;
}

/**
 * The summary's section on the file at `path` (none when there is none): when it was written, measured back from
 * `runStart` so that a stale file shows as one, the run's outcome, and each figure after its test's name.
 */
export function unitFiguresSection(path: string, runStart: Date): string[] {
  let run: UnitFigures | undefined;
  try {
    run = readUnitFigures(path);
  } catch (error) {
    return ['', '## Figures the unit tests measured', '', `${path} could not be read: ${String(error)}`];
  }
  if (!run) return [];
  const written = new Date(run.written);
  const ms = runStart.getTime() - written.getTime();
  const when = ms >= 0 ? `${age(ms)} before this run started` : `${age(-ms)} after this run started`;
  const tally = Object.entries(run.tests)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  return [
    '',
    '## Figures the unit tests measured',
    '',
    `Vitest run: ${run.outcome}, written ${written.toISOString()} (${when}); ` +
      `${run.files} test files, tests: ${tally || 'none'}.`,
    '',
    ...(run.figures.length
      ? run.figures.map(({ test, figure }) => `- ${test}: ${figure}`)
      : ['No test reported a figure.']),
  ];
}
