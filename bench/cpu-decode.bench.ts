// Decode speed of the shipped target on the CPU fallback, in Chromium's Web Worker, as lesson 1's live engine runs it:
// greedy, 128 new tokens after the page's prompt, several runs after one to warm up. Two figures a run: the engine's
// own (decode tokens ÷ the seconds its forward calls took, timed in the worker: the page's "Decode" readout) and the
// page's (tokens after the first ÷ the wall-clock seconds from pressing Run to "Done", less the prefill's: sampling,
// messages and drawing included). Not a test: it asserts nothing about speed, and CI does not run it.
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { test } from '@playwright/test';
import { median } from '../engine/bench-entry';

const TOKENS = 128;
const RUNS = 5;

test('the CPU fallback decodes the shipped target', async ({ page, browser }) => {
  await page.goto(`/lessons/prefill-decode/?live.tokens=${TOKENS}&live.temp=0`);
  const root = page.locator('[data-widget="live-engine"]');
  const text = async () => (await root.innerText()).replace(/,/g, '');
  const runs: { engineTokensPerSecond: number; pageTokensPerSecond: number; prefillMs: number }[] = [];
  await root.scrollIntoViewIfNeeded();
  for (let run = 0; run <= RUNS; run++) {
    const start = Date.now();
    await root.getByRole('button', { name: 'Run the model' }).click();
    await root.getByText(`Done: ${TOKENS} tokens.`).waitFor({ timeout: 120_000 });
    const seconds = (Date.now() - start) / 1000;
    const shown = await text();
    const rate = Number(shown.match(/Decode\s+([\d.]+) tokens\/s/)![1]);
    const prefillMs = Number(shown.match(/Prefill\s+\d+ tokens in ([\d.]+) ms/)![1]);
    // The first run loads the weights and compiles the code paths: left out.
    if (run > 0)
      runs.push({
        engineTokensPerSecond: rate,
        pageTokensPerSecond: (TOKENS - 1) / (seconds - prefillMs / 1000),
        prefillMs,
      });
  }
  const report = {
    when: new Date().toISOString(),
    browser: `Chromium ${browser.version()}`,
    cpu: `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores`,
    model: 'prose-target (f32 weights on the CPU)',
    tokens: TOKENS,
    runs,
    medianEngineTokensPerSecond: median(runs.map((r) => r.engineTokensPerSecond)),
    medianPageTokensPerSecond: median(runs.map((r) => r.pageTokensPerSecond)),
  };
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/cpu-decode.json', `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
});
