// The end-to-end run's one-page summary: tests by outcome, the site's pages the journeys opened, the requests the
// origin check saw (and any that left), every figure a journey reported (fuzzed addresses, recovery, offline), and
// the figures of the last Vitest run (reports/unit-figures.json, with when it was written). Printed at the end of the
// run and written to summary.md in the output folder (test-results/), so that a regression shows as a changed number
// between two CI logs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FullConfig, FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { UNIT_FIGURES_PATH, unitFiguresSection } from '../reporters/unit-figures';
import { FIGURE, PAGE_OPENED, REQUESTS_CHECKED } from './figures';

/** Playwright's outcomes in words. */
const OUTCOMES: Record<ReturnType<TestCase['outcome']>, string> = {
  expected: 'passed',
  unexpected: 'failed',
  flaky: 'passed on a retry',
  skipped: 'skipped',
};

export default class SummaryReporter implements Reporter {
  /** Each test's last attempt (a retried test counts once, by how it ended). */
  readonly #last = new Map<TestCase, TestResult>();
  #outputDir = 'test-results';
  #unitFigures = UNIT_FIGURES_PATH;

  onBegin(config: FullConfig): void {
    this.#outputDir = config.projects[0]?.outputDir ?? this.#outputDir;
    if (config.configFile) this.#unitFigures = join(dirname(config.configFile), UNIT_FIGURES_PATH);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.#last.set(test, result);
  }

  onEnd(result: FullResult): void {
    const outcomes = new Map<string, number>();
    const pages = new Set<string>();
    const figures: string[] = [];
    let requests = 0;
    for (const [test, { annotations }] of this.#last) {
      const outcome = OUTCOMES[test.outcome()];
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      for (const { type, description = '' } of annotations) {
        if (type === PAGE_OPENED) pages.add(description);
        else if (type === REQUESTS_CHECKED) requests += Number(description);
        else if (type === FIGURE) figures.push(`${test.title}: ${description}`);
      }
    }
    const minutes = (result.duration / 60_000).toFixed(1);
    const tally = [...outcomes].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
    const lines = [
      '# End-to-end summary',
      '',
      `- Run: ${result.status}, ${minutes} min; tests: ${tally || 'none'}.`,
      `- Pages of the site opened: ${pages.size} (${[...pages].sort().join(', ')}).`,
      `- Requests checked to stay on the site's origin: ${requests.toLocaleString('en')}.`,
      '',
      '## Figures the journeys measured',
      '',
      ...figures.sort().map((figure) => `- ${figure}`),
      ...unitFiguresSection(this.#unitFigures, result.startTime),
    ];
    const text = `${lines.join('\n')}\n`;
    mkdirSync(this.#outputDir, { recursive: true });
    writeFileSync(join(this.#outputDir, 'summary.md'), text);
    console.log(`\n${text}`);
  }
}
