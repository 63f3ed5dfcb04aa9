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

  /**
   * Press Run and wait until that run has ended (its button disabled and enabled again, however briefly), then for
   * `tokens` tokens: for a run after another, whose end looks just like the last one's.
   */
  async runAgain(tokens: number, timeout = 90_000): Promise<void> {
    const button = this.root.getByRole('button', { name: 'Run the model' });
    await button.evaluate((element: HTMLButtonElement) => {
      const seen = { disabled: false, ended: false };
      (window as unknown as { liveRunEnded: typeof seen }).liveRunEnded = seen;
      const observer = new MutationObserver(() => {
        if (element.disabled) seen.disabled = true;
        else if (seen.disabled) {
          seen.ended = true;
          observer.disconnect();
        }
      });
      observer.observe(element, { attributes: true, attributeFilter: ['disabled'] });
    });
    await button.click();
    await this.page.waitForFunction(
      () => (window as unknown as { liveRunEnded: { ended: boolean } }).liveRunEnded.ended,
      undefined,
      { timeout },
    );
    await expect(this.root.getByText(`Done: ${tokens} tokens.`)).toBeVisible();
  }

  output(): Locator {
    return this.root.getByRole('log', { name: 'Model output' });
  }

  /** The generated part of the output, after the echoed prompt. */
  generated(): Locator {
    return this.output().locator('.generated');
  }
}
