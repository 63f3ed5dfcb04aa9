// Page object for lesson 3's measured widgets: the KV-head variants side by side, and window and sharing against
// context. Both measure on the page's engine when asked, so they are found hydrated but not yet drawn.
import { expect, type Locator, type Page } from '@playwright/test';

export type VariantWidget = 'kv-head-variants' | 'kv-savings';

export class MeasuredVariants {
  readonly root: Locator;

  constructor(
    readonly page: Page,
    readonly name: VariantWidget,
  ) {
    this.root = page.locator(`[data-widget="${name}"]`);
  }

  /** Open lesson 3 with `query`, scroll to the widget and wait until it has hydrated and probed the device. */
  async open(query: string): Promise<void> {
    await this.page.goto(`/lessons/shrinking-kv-cache/${query}`);
    await this.root.scrollIntoViewIfNeeded();
    await expect(this.page.locator('astro-island', { has: this.root })).not.toHaveAttribute('ssr', {
      timeout: 15_000,
    });
    await expect(this.measureButton()).toBeEnabled({ timeout: 30_000 });
  }

  measureButton(): Locator {
    return this.root.getByRole('button', { name: /^Measure/ });
  }

  cancelButton(): Locator {
    return this.root.getByRole('button', { name: 'Cancel' });
  }

  /** The run's status line (progress, a cancelled run, or why a control was changed). */
  status(): Locator {
    return this.root.locator('.status-line');
  }

  /** Wait for both charts of a finished (or cancelled) run. */
  async measured(timeout = 180_000): Promise<void> {
    await expect(this.root.locator('svg[aria-label]')).toHaveCount(2, { timeout });
    await expect(this.measureButton()).toBeEnabled({ timeout });
  }

  /** The summary sentence under the charts. */
  summary(): Locator {
    return this.root.locator('p.summary').first();
  }

  /** The data table's rows, opened. */
  async rows(): Promise<Locator> {
    await this.root.getByText('Data table').click();
    return this.root.locator('tbody tr');
  }

  readout(label: string): Locator {
    return this.root.locator('.readout div', { hasText: label }).locator('.value');
  }
}
