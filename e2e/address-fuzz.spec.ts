// Fuzzed addresses: every page of the built site opened with seeded hostile query strings (its own controls' keys
// set to odd numbers, unicode, very long text and markup, plus keys no control owns). Each load must raise no console
// error (the shared fixture), render nothing from the address as markup, and leave every control it named with a
// usable value: kept when the value was usable as given, else corrected with a visible note. Prints what it checked.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { reportFigure } from './figures';
import { builtPages } from './pages/built-pages';
import { hostileQueries, INJECTED_FLAG, MARKUP_PROBE } from '../components/testing/hostile-address';

/** Query strings tried on each page (issue 19's count); ADDRESS_FUZZ_CASES sets another, for a quick local run. */
const CASES = Number(process.env.ADDRESS_FUZZ_CASES ?? 100);

/** What a control bound to the address shows now. */
interface ControlState {
  key: string;
  kind: 'number' | 'choice' | 'switch' | 'prompt';
  value: string;
  min?: number;
  max?: number;
  options?: string[];
  maxLength?: number;
  note: string;
}

function readControls(page: Page): Promise<ControlState[]> {
  return page.locator('[data-url-key]').evaluateAll((roots) =>
    roots.map((root) => {
      const key = root.getAttribute('data-url-key')!;
      const note = root.querySelector('.control-note')?.textContent ?? '';
      const field = root.querySelector<HTMLInputElement>('input[type=number]');
      if (field) return { key, kind: 'number', value: field.value, min: +field.min, max: +field.max, note };
      const select = root.querySelector('select');
      if (select)
        return {
          key,
          kind: 'choice',
          value: select.value,
          options: [...select.options].map((o) => o.value),
          note,
        };
      const box = root.querySelector<HTMLInputElement>('input[type=checkbox]');
      if (box) return { key, kind: 'switch', value: String(box.checked), note };
      const area = root.querySelector('textarea')!;
      return { key, kind: 'prompt', value: area.value, maxLength: area.maxLength, note };
    }),
  ) as Promise<ControlState[]>;
}

/** Whether the control took `raw` as given (so no note is due), checking its value is one it can hold. */
function keptAsGiven(control: ControlState, raw: string): boolean {
  switch (control.kind) {
    case 'number': {
      const value = Number(control.value);
      expect(value, `${control.key} is a number in range`).toBeGreaterThanOrEqual(control.min!);
      expect(value).toBeLessThanOrEqual(control.max!);
      return raw.trim() !== '' && Number(raw) === value;
    }
    case 'choice':
      expect(control.options, `${control.key} holds one of its options`).toContain(control.value);
      return raw === control.value;
    case 'switch': {
      const word = raw.trim().toLowerCase();
      const on = ['1', 'true', 'on', 'yes'].includes(word);
      return (on || ['0', 'false', 'off', 'no'].includes(word)) && String(on) === control.value;
    }
    case 'prompt':
      expect(control.value.length, `${control.key} fits its box`).toBeLessThanOrEqual(control.maxLength!);
      return raw === control.value;
  }
}

/** The page's controls bound to the address, their keys grouped by the island (widget) that holds them. */
async function keysByIsland(page: Page): Promise<string[][]> {
  await page.setViewportSize({ width: 1280, height: 40_000 });
  await page.goto(page.url());
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0, { timeout: 30_000 });
  const groups = await page
    .locator('astro-island')
    .evaluateAll((islands) =>
      islands.map((island) =>
        [...island.querySelectorAll('[data-url-key]')]
          .filter((root) => root.closest('astro-island') === island)
          .map((root) => root.getAttribute('data-url-key')!),
      ),
    );
  // A viewport a few lines high: a load hydrates only the widgets a case scrolls to, not whatever opens the page (no
  // widget is on a page's first screen). Not lower: with nothing contentful in view Chromium holds the page's first
  // paint, and every animation frame with it, for about a second, and each case would wait that long for its charts.
  await page.setViewportSize({ width: 1280, height: 120 });
  return groups.filter((keys) => keys.length > 0);
}

/** Open `path` with `search`; scroll to each widget that holds one of `keys` and wait until its island hydrates. */
async function openWith(page: Page, path: string, search: string, keys: string[]): Promise<void> {
  await page.goto(path + search);
  const widgets = new Set(
    await Promise.all(
      keys.map((key) =>
        page
          .locator(`[data-url-key="${key}"]`)
          .evaluate((root) =>
            root.closest('astro-island')!.querySelector('[data-widget]')!.getAttribute('data-widget'),
          ),
      ),
    ),
  );
  for (const name of widgets) {
    const widget = page.locator(`[data-widget="${name}"]`);
    await widget.scrollIntoViewIfNeeded();
    // Polled inside the page: expect's back-off would wait up to a second past the moment it hydrates.
    await widget.evaluate(async (root) => {
      const island = root.closest('astro-island')!;
      const start = performance.now();
      while (island.hasAttribute('ssr')) {
        if (performance.now() - start > 30_000)
          throw new Error(`${root.getAttribute('data-widget')} never hydrated`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
  }
  // Charts draw a frame after their widget updates (components/charts/PlotChart.svelte): wait for them, so an error
  // a hostile value causes in drawing is raised by this case and not lost to the next load.
  await page.evaluate(async () => {
    const start = performance.now();
    while (document.querySelector('.plot-chart[data-pending]')) {
      if (performance.now() - start > 30_000) throw new Error('a chart never drew');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
}

// A trace would snapshot the page at every one of the thousand loads; a failure names its query string instead.
test.use({ trace: 'off' });

for (const [index, path] of builtPages().entries()) {
  test(`${path} survives ${CASES} hostile addresses`, async ({ page }) => {
    // A hang fails on time; a long page (lesson 1 takes 2.7 to 4.4 minutes on two busy cores) must not.
    test.setTimeout(60_000 + CASES * 3_000);
    await page.goto(path);
    const groups = await keysByIsland(page);
    const known = new Set(groups.flat());
    let values = 0;
    let corrected = 0;
    for (const { params, search } of hostileQueries(groups, 2026_12_01 + 1_000 * index, CASES)) {
      const fuzzed = params.filter(([key]) => known.has(key));
      await openWith(
        page,
        path,
        search,
        fuzzed.map(([key]) => key),
      );
      const context = `${path}${search.slice(0, 200)}`;
      expect(await page.locator(`[${MARKUP_PROBE}]`).count(), `markup from ${context}`).toBe(0);
      expect(await page.evaluate((flag) => flag in window, INJECTED_FLAG), `script from ${context}`).toBe(
        false,
      );
      const controls = new Map((await readControls(page)).map((c) => [c.key, c]));
      for (const [key, raw] of fuzzed) {
        const control = controls.get(key)!;
        values++;
        const kept = keptAsGiven(control, raw);
        if (!kept) corrected++;
        expect(control.note === '', `${key}=${raw.slice(0, 80)} on ${path}: note “${control.note}”`).toBe(
          kept,
        );
      }
    }
    reportFigure(
      `${CASES} query strings, ${groups.flat().length} controls in ${groups.length} widgets, ` +
        `${values} control values set, ${corrected} corrected with a note, ${values - corrected} kept as given`,
    );
  });
}
