// Page object for lesson 4's decode speed per weight format: it measures on the page's engine when asked, so it is
// found hydrated but not yet drawn.
import { expect, type Locator, type Page } from '@playwright/test';
import { openLessonWidget } from './lesson-page';

export class FormatSpeed {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('[data-widget="format-speed"]');
  }

  /** Open lesson 4 with `query`, scroll to the widget and wait until it has hydrated and probed the device. */
  async open(query: string): Promise<void> {
    await openLessonWidget(this.page, 'quantization', 'format-speed', query);
    await expect(this.measureButton()).toBeEnabled({ timeout: 30_000 });
  }

  measureButton(): Locator {
    return this.root.getByRole('button', { name: 'Measure each format' });
  }

  /** The run's status line (which format is measuring, a cancelled run, or a note). */
  status(): Locator {
    return this.root.locator('.status-line');
  }

  /** Wait for the chart of a finished run and the button to be free again. */
  async measured(timeout = 60_000): Promise<void> {
    await expect(this.chart()).toBeVisible({ timeout });
    await expect(this.measureButton()).toBeEnabled({ timeout });
  }

  /** The chart, labelled by its summary. */
  chart(): Locator {
    return this.root.locator('svg[aria-label]').first();
  }

  /** The data table's rows, found whether or not the table is open. */
  rows(): Locator {
    return this.root.locator('tbody tr');
  }

  /** The readout's value labelled exactly `label`. */
  readout(label: string): Locator {
    return this.root
      .locator('.readout div')
      .filter({ has: this.page.getByText(label, { exact: true }) })
      .locator('.value');
  }
}
