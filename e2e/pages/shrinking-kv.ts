// Page object for lesson 3, shrinking the KV cache: its three analytic widgets and its exercises.
import type { Locator } from '@playwright/test';
import { KvCacheLesson } from './kv-cache';
import type { Widget } from './lesson-page';

export class ShrinkingKvLesson extends KvCacheLesson {
  override async open(query = ''): Promise<void> {
    await this.goto('shrinking-kv-cache', query);
  }

  /** Query heads grouped onto key/value heads. */
  grouping(): Promise<Widget> {
    return this.widget('head-grouping');
  }

  /** Real models' cache per token, by variant. */
  layouts(): Promise<Widget> {
    return this.widget('kv-layouts');
  }

  /** Llama 2 13B at 40 and 8 key/value heads on one GPU. */
  serving(): Promise<Widget> {
    return this.widget('gqa-serving');
  }

  /** The note a widget shows when a model change moved K. */
  movedNote(widget: Widget): Locator {
    return widget.root.locator('#heads-moved');
  }
}
