// The end-to-end run's one-page summary: tests by outcome, the site's pages the journeys opened, the requests the
// origin check saw (and any that left), and every figure a journey reported (fuzzed addresses, recovery, offline).
// Printed at the end of the run and written to test-results/summary.md, so that a regression shows as a changed
// number between two CI logs.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { FIGURE } from './figures';
import { PAGE_OPENED, REQUESTS_CHECKED } from './fixtures';

/** Playwright's outcomes in words. */
const OUTCOMES: Record<ReturnType<TestCase['outcome']>, string> = {
  expected: 'passed',
  unexpected: 'failed',
  flaky: 'passed on a retry',
  skipped: 'skipped',
};

export default class SummaryReporter implements Reporter {
  readonly #outcomes = new Map<string, number>();
  readonly #pages = new Set<string>();
  readonly #figures: string[] = [];
  #requests = 0;

  onTestEnd(test: TestCase, result: TestResult): void {
    const outcome = OUTCOMES[test.outcome()];
    this.#outcomes.set(outcome, (this.#outcomes.get(outcome) ?? 0) + 1);
    for (const { type, description = '' } of result.annotations) {
      if (type === PAGE_OPENED) this.#pages.add(description);
      else if (type === REQUESTS_CHECKED) this.#requests += Number(description);
      else if (type === FIGURE) this.#figures.push(`${test.title}: ${description}`);
    }
  }

  onEnd(result: FullResult): void {
    const minutes = (result.duration / 60_000).toFixed(1);
    const outcomes = [...this.#outcomes].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
    const lines = [
      '# End-to-end summary',
      '',
      `- Run: ${result.status}, ${minutes} min; tests: ${outcomes || 'none'}.`,
      `- Pages of the site opened: ${this.#pages.size} (${[...this.#pages].sort().join(', ')}).`,
      `- Requests checked to stay on the site's origin: ${this.#requests.toLocaleString('en')}.`,
      '',
      '## Figures the journeys measured',
      '',
      ...this.#figures.sort().map((figure) => `- ${figure}`),
    ];
    const text = `${lines.join('\n')}\n`;
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/summary.md', text);
    console.log(`\n${text}`);
  }
}
