// The widget mounted in jsdom over a scripted engine: Run asks the page-tables job for the linked settings on the
// shipped model with the widget's small pool; the operations stream in and, under reduced motion, all are shown at
// once; Back and Step move through them, the drawing, the sentences and the tables following; a sequence's button
// draws its arrows; the texts come once the run has ended.
import { describe, expect, it, vi } from 'vitest';
import type { PageTablesRequest, PageTablesResult, PageSnapshot, SessionRequest } from '@engine/index';
import { scriptedEngine } from '../testing/cpu-engine';
import { mountWidget, settle } from '../testing/mount-widget';
import { reducedMotion } from '../testing/reduced-motion';
import { targetModel } from '../testing/target-model';
import { PAGE_RESULT, PAGE_SNAPSHOTS } from './page-fixture';
import { PAGE_SHAPE } from './page-plan';
import PageTables from './PageTables.svelte';

const calls: { name: string; request: PageTablesRequest; model: SessionRequest }[] = [];
const engine = scriptedEngine;
engine.run = async (
  name: string,
  request: PageTablesRequest,
  options: { model: SessionRequest; onProgress: (update: { partial?: PageSnapshot }) => void },
): Promise<PageTablesResult> => {
  calls.push({ name, request, model: options.model });
  for (const snapshot of PAGE_SNAPSHOTS) options.onProgress({ partial: snapshot });
  return PAGE_RESULT;
};
vi.mock('../state/engine.svelte', async () => ({
  useEngine: (await import('../testing/cpu-engine')).useScriptedEngine,
}));

const text = (page: HTMLElement, selector: string) =>
  [...page.querySelectorAll(selector)].map((e) => e.textContent!.replace(/\s+/g, ' ').trim());
const button = (page: HTMLElement, label: string) =>
  [...page.querySelectorAll('button')].find((b) => b.textContent === label)!;

describe('PageTables', () => {
  it('runs the linked settings, shows every operation, and steps through them with the drawing and tables', async () => {
    reducedMotion.on = true;
    const page = mountWidget('/lessons/paged-attention/?pages.samples=2&pages.seed=9', PageTables, {
      model: targetModel,
    });
    button(page, 'Run the requests').click();
    await settle(20);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.name).toBe('page-tables');
    expect(calls[0]!.request).toMatchObject({ samples: 2, seed: 9, steps: 6, temperature: 0.9 });
    expect(calls[0]!.request.questions).toHaveLength(2);
    expect(calls[0]!.model.shape).toEqual(PAGE_SHAPE);

    expect(text(page, '.action')).toEqual(['5 of 5. Decode step 1: every live sequence writes one token.']);
    expect(page.querySelector('svg[role="img"]')!.getAttribute('aria-label')).toBe(
      'Operation 5 of 5: Decode step 1: every live sequence writes one token. Of 8 blocks, 5 are held (2 shared), 0 cached and 3 free.',
    );
    expect(text(page, '.events li')[0]).toContain('copy-on-write first copies it into block 4');
    // Arrows for the newest sequence by default: B2's three blocks.
    expect(page.querySelectorAll('path.arrow')).toHaveLength(3);
    expect(page.querySelectorAll('.block.touched')).toHaveLength(2);
    expect(text(page, '.texts li')).toEqual(['B1 and', 'B2 but', 'A a walk']);
    // Each text wears its sequence's colour, the one its button in the drawing wears, whatever order the texts come in.
    const wornBy = (name: string) => {
      const probe = document.createElement('span');
      probe.style.background = button(page, name).style.getPropertyValue('--sequence');
      return probe.style.background;
    };
    const swatches = [...page.querySelectorAll<HTMLElement>('.texts li')].map((li) => [
      li.querySelector('strong')!.textContent!,
      li.querySelector<HTMLElement>('.swatch')!.style.background,
    ]);
    expect(swatches.map(([name]) => wornBy(name!))).toEqual(swatches.map(([, colour]) => colour));

    button(page, 'Back').click();
    await settle(5);
    expect(text(page, '.action')[0]).toBe('4 of 5. B is sampled 2 ways: each sample shares all its blocks.');
    expect(text(page, '.events li')).toEqual(['B2 shares blocks 0, 1 and 3.']);
    expect(text(page, 'table')[0]).toContain('B2');
    expect(page.querySelector('.texts')).toBeNull();

    button(page, 'A').click();
    await settle(5);
    expect(button(page, 'A').getAttribute('aria-pressed')).toBe('true');
    expect(page.querySelectorAll('path.arrow')).toHaveLength(3);
    button(page, 'Step').click();
    await settle(5);
    expect(text(page, '.action')[0]).toMatch(/^5 of 5\./);
    expect(button(page, 'Step').disabled).toBe(true);
    reducedMotion.on = false;
  });
});
