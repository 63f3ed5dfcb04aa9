// Page object for lesson 1's measured roofline.
import { expect, type Locator, type Page } from '@playwright/test';
import { formatNumber } from '../../components/charts/format';
import { stepOpCounts, sumCosts, syntheticSize } from '../../engine/index';
import { openLesson1Widget } from './lesson-page';

/**
 * A whole step's counted intensity (FLOP/byte) for a synthetic model, as the widget's summary states it, escaped
 * for a regular expression: the same however a backend groups its ops into dispatches.
 */
export function stepIntensity(size: string, cached: number, newTokens: number): string {
  const totals = sumCosts(stepOpCounts(syntheticSize(size).config, [{ cached, newTokens }], 1));
  return formatNumber(totals.flops / totals.bytes).replace('.', '\\.');
}

export class MeasuredRoofline {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('[data-widget="measured-roofline"]');
  }

  /** Open lesson 1 with a query, scroll to the widget and wait until it can measure. */
  async open(query: string): Promise<void> {
    await openLesson1Widget(this.page, 'measured-roofline', query);
    await expect(this.button()).toBeEnabled({ timeout: 30_000 });
  }

  button(): Locator {
    return this.root.getByRole('button', { name: 'Measure prefill and decode' });
  }

  /** Wait for the chart a measurement draws. */
  async measured(): Promise<void> {
    await expect(this.chart()).toBeVisible({ timeout: 120_000 });
  }

  chart(): Locator {
    return this.root.locator('svg[aria-label]').first();
  }

  /** The data table's rows, or one phase's (its second column); found whether or not the table is open. */
  rows(phase?: 'prefill' | 'decode'): Locator {
    const rows = this.root.locator('tbody tr');
    return phase ? rows.filter({ has: this.page.locator('td:nth-child(2)', { hasText: phase }) }) : rows;
  }

  readout(label: string): Locator {
    return this.root.locator('.readout div', { hasText: label }).locator('.value');
  }
}
