// Page object for lesson 1's live engine widget.
import { expect, type Locator, type Page } from '@playwright/test';
import { openLesson1Widget } from './lesson-page';

export class LiveEngine {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('[data-widget="live-engine"]');
  }

  /** Open lesson 1 with the given query, scroll to the widget and wait until it knows its backend. */
  async open(query: string): Promise<void> {
    await openLesson1Widget(this.page, 'live-engine', query);
    await expect(this.backend()).toHaveText(/^(WebGPU|CPU \(JavaScript\))/, { timeout: 30_000 });
  }

  /** The status line's backend figure. */
  backend(): Locator {
    return this.root.locator('.readout div', { hasText: 'Backend' }).locator('.value');
  }

  /** Press Run and wait for `tokens` tokens. */
  async run(tokens: number, timeout = 90_000): Promise<void> {
    await this.root.getByRole('button', { name: 'Run the model' }).click();
    await expect(this.root.getByText(`Done: ${tokens} tokens.`)).toBeVisible({ timeout });
  }

  output(): Locator {
    return this.root.getByRole('log', { name: 'Model output' });
  }

  /** The generated part of the output, after the echoed prompt. */
  generated(): Locator {
    return this.output().locator('.generated');
  }
}
