// Page object for lesson 4's two widgets computed on the trained model's own weights: a layer's weights under the
// quantization grid, and activation outliers with LLM.int8()'s decomposition. Both are found hydrated.
import { expect, type Locator } from '@playwright/test';
import { LessonPage } from './lesson-page';

export type LayerWidget = 'weight-grid' | 'activation-outliers';

export class QuantizationLayers extends LessonPage {
  async open(query = ''): Promise<void> {
    await this.goto('quantization', query);
  }

  /** The widget `name`, scrolled into view, hydrated, and with the device known (its run button enabled). */
  async find(name: LayerWidget): Promise<Locator> {
    const root = this.page.locator(`[data-widget="${name}"]`);
    await root.scrollIntoViewIfNeeded();
    await expect(this.page.locator('astro-island', { has: root })).not.toHaveAttribute('ssr', {
      timeout: 15_000,
    });
    await expect(root.getByRole('button', { name: this.action(name) })).toBeEnabled({ timeout: 30_000 });
    return root;
  }

  /** The run button's label. */
  action(name: LayerWidget): string {
    return name === 'weight-grid' ? 'Quantize the tensor' : 'Run the prompt';
  }

  /** Wait until the widget's run has drawn its charts (two each) and finished. */
  async drawn(root: Locator, name: LayerWidget, timeout = 120_000): Promise<void> {
    await expect(root.locator('svg[aria-label]')).toHaveCount(2, { timeout });
    await expect(root.getByRole('button', { name: this.action(name) })).toBeEnabled({ timeout });
  }

  /** The chart `n` (0 or 1)'s accessible summary. */
  chart(root: Locator, n: number): Locator {
    return root.locator('svg[aria-label]').nth(n);
  }

  /** The readout's figure labelled `label`. */
  figure(root: Locator, label: string): Locator {
    return root.locator('.readout div', { hasText: label }).locator('.value');
  }
}
