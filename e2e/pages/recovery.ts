// Forcing faults in lesson 1's live engine mid-run through the page's test hooks (components/state/test-hooks.ts),
// shared by the recovery journeys on WebGPU and on the CPU backend.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import type { TestHooks } from '../../components/state/test-hooks';
import { LiveEngine } from './live-engine';

export type Hooked = { memoryBoundTestHooks?: boolean; memoryBoundTest: TestHooks };

/** Turn the page's test hooks on for every test of the calling file. */
export function useTestHooks(): void {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => ((window as unknown as Hooked).memoryBoundTestHooks = true));
  });
}

/** Lesson 1's live engine, some way into a run of `tokens` tokens on the model `size`. */
async function midRun(page: Page, size: string, tokens: number): Promise<LiveEngine> {
  const live = new LiveEngine(page);
  await live.open(`?live.size=${size}&live.tokens=${tokens}`);
  await live.root.getByRole('button', { name: 'Run the model' }).click();
  await expect(live.root.locator('.status-line')).toHaveText(
    new RegExp(`Generating… [1-9]\\d* of ${tokens} tokens`),
    { timeout: 60_000 },
  );
  return live;
}

/** A fault forced mid-run through a test hook, what the widget must say, and the backend the next run uses. */
export interface Fault {
  name: string;
  hook: 'loseDevice' | 'crashWorker';
  status: RegExp;
  backend: RegExp;
  /** The model and the tokens to ask for: enough work that the run is still going when the hook answers. */
  size: string;
  tokens: number;
}

export const LOST_DEVICE: Fault = {
  name: 'a GPU device lost mid-run',
  hook: 'loseDevice',
  status: /^The GPU device was lost \(destroyed\): .+\. The next run starts a fresh session\.$/,
  backend: /^WebGPU/,
  size: 'xs',
  tokens: 40,
};
export const crashed = (backend: RegExp, size: string, tokens: number): Fault => ({
  name: 'an engine worker that crashes mid-run',
  hook: 'crashWorker',
  status:
    /^The engine's worker stopped \(.*a crash forced by a test hook\); the next run starts a new one\.$/,
  backend,
  size,
  tokens,
});

export function recoveryTest(fault: Fault): void {
  test(`${fault.name} is reported in the widget, and the next run works`, async ({ page }) => {
    test.setTimeout(150_000);
    const live = await midRun(page, fault.size, fault.tokens);
    const answer: { jobsRunning: number; devices?: number } = await page.evaluate(
      (hook) => (window as unknown as Hooked).memoryBoundTest[hook](),
      fault.hook,
    );
    expect(answer.jobsRunning, 'the fault came while the run went on').toBe(1);
    if (fault.hook === 'loseDevice') expect(answer.devices).toBeGreaterThan(0);
    await expect(live.root.locator('.status-line')).toHaveText(fault.status);
    await live.runAgain(fault.tokens);
    await expect(live.backend()).toHaveText(fault.backend);
  });
}
