// Page object for a lesson of engine widgets: each found hydrated, its run button by its action, its results (readout
// figures, data tables, the run's status line) read back as text and numbers. A lesson's own page object names its
// slug and its widgets' actions.
import { expect, type Locator } from '@playwright/test';
import { LessonPage } from './lesson-page';

/** The first number in `text` ("10.2 million (×0.51)" → 10.2), thousands separators dropped. */
export function firstNumber(text: string | null): number {
  const match = /-?\d[\d,]*(?:\.\d+)?/.exec(text ?? '');
  if (!match) throw new Error(`no number in “${text}”`);
  return Number(match[0].replaceAll(',', ''));
}

export class EngineLesson<Name extends string> extends LessonPage {
  constructor(
    page: LessonPage['page'],
    readonly slug: string,
    readonly actions: Record<Name, string>,
  ) {
    super(page);
  }

  async open(query = ''): Promise<void> {
    await this.goto(this.slug, query);
  }

  root(name: Name): Locator {
    return this.page.locator(`[data-widget="${name}"]`);
  }

  /** The widget `name`, scrolled into view and hydrated (its island loads when visible). */
  async find(name: Name): Promise<Locator> {
    const root = this.root(name);
    await root.scrollIntoViewIfNeeded();
    await expect(this.page.locator('astro-island', { has: root })).not.toHaveAttribute('ssr', {
      timeout: 15_000,
    });
    return root;
  }

  /** The widget `name`, hydrated and with the device known (its run button enabled). */
  async ready(name: Name): Promise<Locator> {
    const root = await this.find(name);
    await expect(this.runButton(root, name)).toBeEnabled({ timeout: 30_000 });
    return root;
  }

  runButton(root: Locator, name: Name): Locator {
    return root.getByRole('button', { name: this.actions[name] });
  }

  /** Wait until the widget's run has drawn a result and ended (the run button is enabled again). */
  async drawn(root: Locator, name: Name, timeout = 120_000): Promise<void> {
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
