// Page object for lesson 1's measured batch sweep.
import { expect, type Locator, type Page } from '@playwright/test';
import { openLesson1Widget } from './lesson-page';

export class MeasuredSweep {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('[data-widget="measured-batch-sweep"]');
  }

  /** Open lesson 1 with a query, measure, and wait for the chart. */
  async measure(query: string): Promise<void> {
    await openLesson1Widget(this.page, 'measured-batch-sweep', query);
    const button = this.root.getByRole('button', { name: 'Measure on this device' });
    await expect(button).toBeEnabled({ timeout: 30_000 });
    await button.click();
    await expect(this.root.locator('svg[aria-label]').first()).toBeVisible({ timeout: 120_000 });
  }

  rows(): Locator {
    return this.root.locator('tbody tr');
  }
}
