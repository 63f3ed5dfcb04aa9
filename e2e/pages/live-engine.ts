// Page object for lesson 1's live engine widget.
import { expect, type Locator, type Page } from '@playwright/test';

export class LiveEngine {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('[data-widget="live-engine"]');
  }

  /** Open lesson 1 with the given query, scroll to the widget and wait until it knows its backend. */
  async open(query: string): Promise<void> {
    await this.page.goto(`/lessons/prefill-decode/${query}`);
    await this.root.scrollIntoViewIfNeeded();
    await expect(this.page.locator('astro-island', { has: this.root })).not.toHaveAttribute('ssr', {
      timeout: 15_000,
    });
    await expect(this.backend()).toHaveText(/^(WebGPU|CPU \(JavaScript\))/, { timeout: 30_000 });
  }

  /** The status line's backend figure. */
  backend(): Locator {
    return this.root.locator('.readout div', { hasText: 'Backend' }).locator('.value');
  }

  /** Press Run and wait for `tokens` tokens. */
  async run(tokens: number): Promise<void> {
    await this.root.getByRole('button', { name: 'Run the model' }).click();
    await expect(this.root.getByText(`Done: ${tokens} tokens.`)).toBeVisible({ timeout: 90_000 });
  }

  output(): Locator {
    return this.root.getByRole('log', { name: 'Model output' });
  }
}
