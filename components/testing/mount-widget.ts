// A widget mounted in jsdom for its *.svelte.test.ts: the page opened at an address, the widget mounted into the
// body, and taken down again after each test of the file that imports this.
import { flushSync, mount, unmount, type Component } from 'svelte';
import { afterEach } from 'vitest';

// bind:clientWidth observes a chart's size; jsdom has no ResizeObserver, and lays nothing out to observe.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

let mounted: ReturnType<typeof mount> | undefined;
afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = undefined;
  document.body.replaceChildren();
});

/** Opens the page at `address`, mounts `widget` with `props` into its body, and returns the body. */
export function mountWidget<Props extends Record<string, unknown>>(
  address: string,
  widget: Component<Props>,
  props: Props,
): HTMLElement {
  history.replaceState(null, '', address);
  mounted = mount(widget, { target: document.body, props });
  flushSync();
  return document.body;
}

/** Lets the scripted engine's promises settle, `turns` macrotasks in all, then flushes what they changed. */
export async function settle(turns: number): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve));
  flushSync();
}
