// Page object for lesson 8, PagedAttention: its four engine widgets (the page tables step by step, contiguous against
// paged memory, block size, prefix sharing) by their actions, and what the page-table drawing says it shows.
import type { Locator } from '@playwright/test';
import { EngineLesson, firstNumber } from './engine-lesson';

export { firstNumber };

export type PagedWidget = 'page-tables' | 'paged-memory' | 'block-size' | 'prefix-sharing';

export const ACTIONS: Record<PagedWidget, string> = {
  'page-tables': 'Run the requests',
  'paged-memory': 'Serve the burst both ways',
  'block-size': 'Measure attention at every block size',
  'prefix-sharing': 'Serve the requests',
};

export class PagedLesson extends EngineLesson<PagedWidget> {
  constructor(page: EngineLesson<PagedWidget>['page']) {
    super(page, 'paged-attention', ACTIONS);
  }

  /** The page-table drawing, by its accessible summary of the operation shown. */
  drawing(root: Locator): Locator {
    return root.getByRole('img', { name: /^Operation \d+ of \d+: / });
  }

  /** The line naming the operation shown ("5 of 12. …"). */
  operation(root: Locator): Locator {
    return root.locator('p.action');
  }

  /** What the operation shown changed, a sentence per kind of event. */
  events(root: Locator): Locator {
    return root.locator('ul.events li');
  }
}
