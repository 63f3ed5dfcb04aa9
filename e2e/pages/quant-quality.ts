// Page object for lesson 4's measured quality widget: the trained model loaded once per weight scheme, each scoring
// the same held-out windows. It measures when asked, so it is found hydrated but not yet drawn.
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { openLessonWidget } from './lesson-page';

/** The PyTorch reference the widget sets beside its measurements (training/quantized_perplexity.py). */
export const reference = JSON.parse(readFileSync('training/fixtures/quantized-perplexity.json', 'utf8')) as {
  device: string;
  schemes: { scheme: string; perplexity: number; heldout: { perplexity: number } }[];
};

export class QuantQuality {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('[data-widget="quant-quality"]');
  }

  /** Open lesson 4 with `query`, scroll to the widget and wait until it has hydrated and can measure. */
  async open(query = ''): Promise<void> {
    await openLessonWidget(this.page, 'quantization', 'quant-quality', query);
    await expect(this.measureButton()).toBeEnabled({ timeout: 30_000 });
  }

  measureButton(): Locator {
    return this.root.getByRole('button', { name: 'Measure every scheme' });
  }

  cancelButton(): Locator {
    return this.root.getByRole('button', { name: 'Cancel' });
  }

  /** The windows control's number field. */
  windows(): Locator {
    return this.root.getByRole('spinbutton', { name: /^Held-out windows \(/ });
  }

  /** The run's status line (progress, a cancelled run, or why the windows were clamped). */
  status(): Locator {
    return this.root.locator('.status-line');
  }

  /** The chart, labelled with its summary. */
  chart(): Locator {
    return this.root.locator('svg[aria-label]').first();
  }

  /** The data table's rows, opened; each row's cells as text. */
  async rows(): Promise<string[][]> {
    await this.root.getByText('Data table').click();
    return this.root
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
  }

  readout(label: string): Locator {
    return this.root.locator('.readout div', { hasText: label }).locator('.value');
  }
}
