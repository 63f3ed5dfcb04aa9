// Page object for lesson 2, the KV cache: its two widgets and its exercises, found by role and label.
import { expect, type Locator } from '@playwright/test';
import { LessonPage, type Widget } from './lesson-page';

export class KvCacheLesson extends LessonPage {
  async open(query = ''): Promise<void> {
    await this.goto('kv-cache', query);
  }

  /** The calculator for real models on real GPUs (analytic). */
  calculator(): Promise<Widget> {
    return this.widget('kv-calculator');
  }

  /** Bytes per decode step against context, counted by the engine. */
  reads(): Promise<Widget> {
    return this.widget('kv-reads');
  }

  /** The trained model's KV memory map (measured). */
  memoryMap(): Promise<Widget> {
    return this.widget('kv-memory-map');
  }

  /** Decode step time against context, measured. */
  stepTime(): Promise<Widget> {
    return this.widget('context-step-time');
  }

  /** Press the widget's button `name` once the page's engine knows its backend. */
  async press(widget: Widget, name: string | RegExp): Promise<void> {
    const button = widget.root.getByRole('button', { name });
    await expect(button).toBeEnabled({ timeout: 30_000 });
    await button.click();
  }

  /** The readout's figure labelled `label` in `widget`. */
  figure(widget: Widget, label: string): Locator {
    return widget.root.locator('.readout div', { hasText: label }).locator('.value');
  }

  /** The exercise whose question contains `text`, hydrated and scrolled into view. */
  async exercise(text: string | RegExp): Promise<Locator> {
    const exercise = this.page
      .getByRole('region', { name: 'Predict, then reveal' })
      .filter({ hasText: text });
    await exercise.scrollIntoViewIfNeeded();
    await expect(exercise.locator('xpath=ancestor::astro-island')).not.toHaveAttribute('ssr', {
      timeout: 15_000,
    });
    return exercise;
  }
}
