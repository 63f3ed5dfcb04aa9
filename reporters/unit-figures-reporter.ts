// A Vitest reporter, beside the default one (vitest.config.ts): at the end of each run it gathers every figure a test
// reported (`annotate(sentence, FIGURE)`, e.g. the fuzz tests' counts) with the test's full name, and writes them to
// reports/unit-figures.json (reporters/unit-figures.ts), from which the end-to-end summary takes its unit section.
// It prints nothing; the run's outcome and test tally go in the file so that a partial or failed run shows as one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Reporter, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import { FIGURE, UNIT_FIGURES_PATH, type UnitFigures } from './unit-figures.ts';

/** What gathering reads of a test module (Vitest's `TestModule` has all of it). */
export interface ModuleLike {
  relativeModuleId: string;
  children: { allTests(): Iterable<CaseLike> };
}

/** What gathering reads of a test case (Vitest's `TestCase` has all of it). */
export interface CaseLike {
  fullName: string;
  result(): { state: string };
  annotations(): ReadonlyArray<{ type: string; message: string }>;
}

/** The file's contents for a run of `modules` that ended as `outcome` at `written`; figures by file, then in order. */
export function gatherUnitFigures(
  modules: ReadonlyArray<ModuleLike>,
  outcome: TestRunEndReason,
  written: Date,
): UnitFigures {
  const tests: Record<string, number> = {};
  const figures: UnitFigures['figures'] = [];
  const byFile = [...modules].sort((a, b) => a.relativeModuleId.localeCompare(b.relativeModuleId));
  for (const module of byFile) {
    for (const testCase of module.children.allTests()) {
      const { state } = testCase.result();
      tests[state] = (tests[state] ?? 0) + 1;
      for (const { type, message } of testCase.annotations()) {
        if (type !== FIGURE) continue;
        figures.push({ file: module.relativeModuleId, test: testCase.fullName, figure: message });
      }
    }
  }
  return { written: written.toISOString(), outcome, files: modules.length, tests, figures };
}

export default class UnitFiguresReporter implements Reporter {
  #path: string;

  /** Writes to `path`, from the run's root unless absolute. */
  constructor(path = UNIT_FIGURES_PATH) {
    this.#path = path;
  }

  onInit(vitest: Vitest): void {
    this.#path = resolve(vitest.config.root, this.#path);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): void {
    const run = gatherUnitFigures(modules, reason, new Date());
    mkdirSync(dirname(this.#path), { recursive: true });
    writeFileSync(this.#path, `${JSON.stringify(run, null, 2)}\n`);
  }
}
