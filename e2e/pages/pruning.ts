// Page object for lesson 5, pruning and distillation: its six engine widgets found hydrated, their controls by role
// and label, and their results (readout figures, data tables, the run's status line) read back as text and numbers.
import { expect, type Locator } from '@playwright/test';
import { LessonPage } from './lesson-page';

export type PruningWidget =
  | 'importance-map'
  | 'prune-live'
  | 'prune-sweep'
  | 'sparsity-contrast'
  | 'next-token-match'
  | 'teacher-match';

/** Each widget's run button. The importance map and the next-token match also run by themselves. */
export const ACTIONS: Record<PruningWidget, string> = {
  'importance-map': 'Score the parts',
  'prune-live': 'Prune and measure',
  'prune-sweep': 'Sweep the share pruned',
  'sparsity-contrast': 'Measure all four',
  'next-token-match': 'Run both models',
  'teacher-match': 'Compare the models',
};

/** The first number in `text` ("10.2 million (×0.51)" → 10.2), thousands separators dropped. */
export function firstNumber(text: string | null): number {
  const match = /-?\d[\d,]*(?:\.\d+)?/.exec(text ?? '');
  if (!match) throw new Error(`no number in “${text}”`);
  return Number(match[0].replaceAll(',', ''));
}

/** The multiple in a readout figure ("40.2 MB (×0.512)" → 0.512). */
export function ratio(text: string | null): number {
  const match = /\(×([\d.,]+)\)/.exec(text ?? '');
  if (!match) throw new Error(`no ratio in “${text}”`);
  return Number(match[1]!.replaceAll(',', ''));
}

/** A count in words as the widgets write it ("10.2 million", "812,544") as a number. */
export function count(text: string): number {
  const scale = /million/.test(text) ? 1e6 : /billion/.test(text) ? 1e9 : 1;
  return firstNumber(text) * scale;
}

export class PruningLesson extends LessonPage {
  async open(query = ''): Promise<void> {
    await this.goto('pruning-distillation', query);
  }

  root(name: PruningWidget): Locator {
    return this.page.locator(`[data-widget="${name}"]`);
  }

  /** The widget `name`, scrolled into view and hydrated (its island loads when visible). */
  async find(name: PruningWidget): Promise<Locator> {
    const root = this.root(name);
    await root.scrollIntoViewIfNeeded();
    await expect(this.page.locator('astro-island', { has: root })).not.toHaveAttribute('ssr', {
      timeout: 15_000,
    });
    return root;
  }

  /** The widget `name`, hydrated and with the device known (its run button enabled). */
  async ready(name: PruningWidget): Promise<Locator> {
    const root = await this.find(name);
    await expect(this.runButton(root, name)).toBeEnabled({ timeout: 30_000 });
    return root;
  }

  runButton(root: Locator, name: PruningWidget): Locator {
    return root.getByRole('button', { name: ACTIONS[name] });
  }

  /** Wait until the widget's run has drawn a result and ended (the run button is enabled again). */
  async drawn(root: Locator, name: PruningWidget, timeout = 120_000): Promise<void> {
    await expect(root.locator('svg[aria-label]').first()).toBeVisible({ timeout });
    await expect(root.locator('.results[aria-busy="false"]')).toBeVisible({ timeout });
    await expect(this.runButton(root, name)).toBeEnabled({ timeout });
  }

  /** The run bar's status line: progress while running, a failure, a cancelled run, or the widget's note. */
  status(root: Locator): Locator {
    return root.locator('.status-line');
  }

  /** The visible notes under the widget's controls (a value from the URL that had to be corrected). */
  controlNotes(root: Locator): Locator {
    return root.locator('.control-note');
  }

  /** The chart `n`'s accessible summary. */
  chart(root: Locator, n = 0): Locator {
    return root.locator('svg[aria-label]').nth(n);
  }

  /** The readout's figure labelled exactly `label`. */
  figure(root: Locator, label: string): Locator {
    return root
      .locator('.readout > div')
      .filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${escape(label)}$`) }) })
      .locator('.value');
  }

  /** The `n`th data table's rows, each row's cells as text (read from the DOM; the table may stay folded). */
  rows(root: Locator, n = 0): Promise<string[][]> {
    return root
      .locator('table')
      .nth(n)
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
