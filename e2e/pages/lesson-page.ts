// Page object for a lesson: navigation, and its widgets' controls found by role and label.
import { expect, type Locator, type Page } from '@playwright/test';

/** Open the lesson `slug` with `query`, scroll to the widget `name` and wait until its island has hydrated. */
export async function openLessonWidget(
  page: Page,
  slug: string,
  name: string,
  query: string,
): Promise<Locator> {
  const root = page.locator(`[data-widget="${name}"]`);
  await page.goto(`/lessons/${slug}/${query}`);
  await root.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island', { has: root })).not.toHaveAttribute('ssr', { timeout: 15_000 });
  return root;
}

/** Open lesson 1 with `query`, scroll to the widget `name` and wait until its island has hydrated; returns its root. */
export function openLesson1Widget(page: Page, name: string, query: string): Promise<Locator> {
  return openLessonWidget(page, 'prefill-decode', name, query);
}

/** A lesson's figure: its widget's name, its provenance and the first words of its caption (a pattern from ^). */
export type LessonFigure = [widget: string, provenance: 'measured' | 'analytic', caption: RegExp];

export class LessonPage {
  constructor(readonly page: Page) {}

  async goto(slug: string, query = ''): Promise<void> {
    await this.page.goto(`/lessons/${slug}/${query}`);
  }

  /**
   * The page's figures are `figures`, in order: each named by its provenance and caption (matched from the start), and
   * holding its widget.
   */
  async expectFigures(figures: readonly LessonFigure[]): Promise<void> {
    const found = this.page.getByRole('figure');
    await expect(found).toHaveCount(figures.length);
    for (const [i, [name, provenance, caption]] of figures.entries()) {
      const figure = found.nth(i);
      await expect(figure).toHaveAccessibleName(new RegExp(`^${provenance} ${caption.source.slice(1)}`));
      await expect(figure.locator(`[data-widget="${name}"]`)).toHaveCount(1);
    }
  }

  /** The widget's island, scrolled into view and hydrated (Astro removes `ssr` once it has). */
  async widget(name: string): Promise<Widget> {
    const body = this.page.locator(`[data-widget="${name}"]`);
    const island = this.page.locator('astro-island', { has: body });
    await body.scrollIntoViewIfNeeded();
    await expect(island).not.toHaveAttribute('ssr', { timeout: 15_000 });
    // Some analytic charts compute for seconds first (lesson 7's serving model on two busy cores took past 5 s).
    await expect(island.locator('svg[aria-label]').first()).toBeVisible({ timeout: 15_000 });
    return new Widget(island);
  }

  /**
   * Press Tab from the top of the page until every enabled control in main has had focus (or a generous number of
   * presses has passed); returns the controls counted and those never reached, by id, aria-label or text.
   */
  async tabThroughControls(): Promise<{ controls: string[]; unreached: string[] }> {
    const controls = await this.page
      .locator('main :is(input, select, button, textarea):not(:disabled)')
      .evaluateAll((els) =>
        els
          // Not counted: a folded data table's downloads (on screen once it opens) and the presenter bar (in a show).
          .filter((el) => !el.closest('details:not([open]), .presenter-bar'))
          .map((el) => el.id || el.getAttribute('aria-label') || el.textContent || ''),
      );
    await this.page.locator('body').focus();
    const reached = new Set<string>();
    const unreached = () => controls.filter((c) => !reached.has(c));
    for (let i = 0; i < controls.length * 2 + 60 && unreached().length > 0; i++) {
      await this.page.keyboard.press('Tab');
      reached.add(
        await this.page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el ? el.id || el.getAttribute('aria-label') || el.textContent || '' : '';
        }),
      );
    }
    return { controls, unreached: unreached() };
  }

  /** The query parameter `key` of the current URL, or null. */
  param(key: string): string | null {
    return new URL(this.page.url()).searchParams.get(key);
  }
}

export class Widget {
  constructor(readonly root: Locator) {}

  slider(label: string): Locator {
    return this.root.getByRole('slider', { name: label });
  }

  field(label: string): Locator {
    return this.root.getByRole('spinbutton', { name: new RegExp(`^${label} \\(`) });
  }

  select(label: string): Locator {
    return this.root.getByRole('combobox', { name: label });
  }

  switch(label: string): Locator {
    return this.root.getByRole('switch', { name: label });
  }

  /** The chart's accessible summary, which the chart is drawn with. */
  chart(): Locator {
    return this.root.locator('svg[aria-label]').first();
  }

  notes(): Locator {
    return this.root.getByRole('status');
  }
}
