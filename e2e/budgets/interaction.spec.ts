// Interaction to next paint while the engine works (issue 19's budget: at most 100 ms). Lesson 1's live engine
// generates with the trained target on the CPU backend (its worker keeps one of this machine's cores busy; on
// SwiftShader the emulated GPU would also compete with the browser's compositor, which a reader's real GPU does not)
// while the reader moves the intensity calculator's batch slider with the keyboard. The browser's Event Timing entries
// give each key press's time from the press to the next frame painted. Interaction to next paint is the worst of
// them after ignoring the highest one in every 50 (web.dev/articles/inp). Key releases are left out: a release
// changes nothing on screen, and headless Chromium paints no frame until something else does (190–210 ms later
// here, measured with the engine idle), which would time the browser's idle frames rather than the page.
import type { Page } from '@playwright/test';
import { cpuOnlyLaunchOptions } from '../chromium';
import { expect, test } from '../fixtures';
import { reportFigure } from '../figures';
import { LiveEngine } from '../pages/live-engine';

const BUDGET_MS = 100;
/** Key presses on the slider while the model generates, and how many in each run of the model. */
const MOVES = 100;
const MOVES_PER_RUN = 25;
/** Event Timing's smallest reporting threshold: an interaction faster than this leaves no entry. */
const THRESHOLD_MS = 16;

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

/** Each key press's longest event duration (ms), from the entries the page observed since `since` (its clock). */
function interactionDurations(page: Page, since: number): Promise<number[]> {
  return page.evaluate((since) => {
    const byInteraction = new Map<number, number>();
    const entries = (window as unknown as { eventEntries: PerformanceEventTiming[] }).eventEntries;
    for (const entry of entries.filter((e) => e.startTime >= since))
      if (entry.interactionId && entry.name !== 'keyup')
        byInteraction.set(
          entry.interactionId,
          Math.max(byInteraction.get(entry.interactionId) ?? 0, entry.duration),
        );
    return [...byInteraction.values()];
  }, since);
}

test('slider moves paint within 100 ms while the engine generates', async ({ page }) => {
  test.setTimeout(180_000);
  await page.addInitScript((threshold) => {
    const entries: PerformanceEntry[] = [];
    (window as unknown as { eventEntries: PerformanceEntry[] }).eventEntries = entries;
    new PerformanceObserver((list) => entries.push(...list.getEntries())).observe({
      type: 'event',
      durationThreshold: threshold,
      buffered: true,
    } as PerformanceObserverInit);
  }, THRESHOLD_MS);
  const live = new LiveEngine(page);
  await live.open('?live.size=prose-target&live.tokens=256');
  await expect(live.backend()).toHaveText(/^CPU/);
  const slider = page.locator('[data-url-key="calc.B"] input[type=range]');
  // Every widget between the two has drawn before the run starts: only the engine and the slider are at work.
  await slider.scrollIntoViewIfNeeded();
  await expect(
    page.locator('astro-island[ssr]', { has: page.locator('[data-url-key="calc.B"]') }),
  ).toHaveCount(0);
  await page.waitForTimeout(2_000);

  // Rounds of moves, each while one run of 256 tokens generates (one run ends before a hundred moves do; with the
  // CPU backend's faster matrix products a run of 128 tokens once ended before 25 moves had landed). A run may end
  // short of 256 at the model's context.
  const durations: number[] = [];
  const generating = live.root.getByText(/^Generating… \d+ of 256 tokens/);
  // The first round warms the engine's worker and the page's code up and is not counted.
  for (let round = 0; round <= MOVES / MOVES_PER_RUN; round++) {
    await live.root.getByRole('button', { name: 'Run the model' }).click({ timeout: 60_000 });
    await expect(live.root.getByText(/^Generating… [1-9]\d* of 256 tokens/)).toBeVisible({ timeout: 60_000 });
    await slider.scrollIntoViewIfNeeded();
    const since = await page.evaluate(() => performance.now());
    await slider.focus();
    for (let move = 0; move < MOVES_PER_RUN; move++) {
      await page.keyboard.press(move % 4 < 2 ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForTimeout(30);
    }
    // The moves must all have landed during the run, or they measured an idle page.
    await expect(generating).toBeVisible();
    if (round > 0) durations.push(...(await interactionDurations(page, since)));
    await expect(live.root.getByText(/^Done: \d+ tokens\./)).toBeVisible({ timeout: 60_000 });
  }

  const slow = durations.sort((a, b) => b - a);
  const inp = slow[Math.floor(MOVES / 50)] ?? 0;
  // A press that left no entry took under the threshold, so it sorts below every entry.
  const middle = slow[Math.floor(MOVES / 2)];
  const median = middle === undefined ? `under ${THRESHOLD_MS}` : String(middle);
  reportFigure(
    `${MOVES} slider moves while the live engine generated on the CPU backend: interaction to next paint ${inp} ms ` +
      `(budget ${BUDGET_MS} ms; the slowest ${slow.slice(0, 3).join(', ')} ms; the median press ${median} ms)`,
  );
  expect(inp).toBeLessThanOrEqual(BUDGET_MS);
});
