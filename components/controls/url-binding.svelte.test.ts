// One control's value kept in the query string: read on mount (with a note when it had to be corrected), written back
// on every change, and dropped from the URL when it is the fallback.
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { numberCodec } from './url-codec';
import { UrlBinding } from './url-binding.svelte';

/** Open the page at `search`, counting the addresses the binding writes. */
function page(search: string) {
  history.replaceState(null, '', `/lessons/kv-cache/${search}#calc`);
  const writes: string[] = [];
  const replace = history.replaceState.bind(history);
  history.replaceState = (state, title, url) => {
    writes.push(String(url));
    replace(state, title, url);
  };
  return { address: location, writes };
}

/**
 * A control of `kv.S` between 1 and 64 (fallback 16), once named `formerly` when given, bound while the returned
 * cleanup is not called.
 */
function bind(formerly?: string) {
  const control = $state({ value: 16 });
  let binding!: UrlBinding<number>;
  const cleanup = $effect.root(() => {
    binding = new UrlBinding(
      () => ({ ns: 'kv', name: 'S', codec: numberCodec({ min: 1, max: 64, step: 1 }, 16), formerly }),
      () => control.value,
      (value) => (control.value = value),
    );
  });
  flushSync();
  return { control, binding, cleanup };
}

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((cleanup) => cleanup());
  cleanups = [];
});

describe('UrlBinding', () => {
  it('reads its value from the address on mount', () => {
    page('?kv.S=32');
    const { control, binding, cleanup } = bind();
    cleanups.push(cleanup);
    expect([control.value, binding.note]).toEqual([32, undefined]);
  });

  it('clamps a value out of range with a note, which goes when the value moves', () => {
    const { address } = page('?kv.S=500');
    const { control, binding, cleanup } = bind();
    cleanups.push(cleanup);
    expect(control.value).toBe(64);
    expect(binding.note).toBe('500 is above the maximum; using 64.');
    expect(address.search).toBe('?kv.S=64');
    control.value = 8;
    flushSync();
    expect([binding.note, address.search]).toEqual([undefined, '?kv.S=8']);
  });

  it('writes each change back, keeping other keys and the hash, and drops the fallback', () => {
    const { address, writes } = page('?other=1');
    const { control, cleanup } = bind();
    cleanups.push(cleanup);
    control.value = 4;
    flushSync();
    expect(address.search).toBe('?other=1&kv.S=4');
    expect(writes.at(-1)).toBe('/lessons/kv-cache/?other=1&kv.S=4#calc');
    control.value = 16;
    flushSync();
    expect(address.search).toBe('?other=1');
  });

  it('keeps the note while the reader asks for the same value, though the control shows another', () => {
    const { address } = page('?kv.S=abc');
    const control = $state({ asked: 16, shown: 16 });
    let binding!: UrlBinding<number>;
    cleanups.push(
      $effect.root(() => {
        binding = new UrlBinding(
          () => ({ ns: 'kv', name: 'S', codec: numberCodec({ min: 1, max: 64, step: 1 }, 16) }),
          () => control.shown,
          (value) => (control.asked = control.shown = value),
          () => control.asked,
        );
      }),
    );
    flushSync();
    control.shown = 8;
    flushSync();
    expect([binding.note, address.search]).toEqual(['“abc” is not a number; using 16.', '?kv.S=8']);
    control.asked = control.shown = 4;
    flushSync();
    expect([binding.note, address.search]).toEqual([undefined, '?kv.S=4']);
  });

  it('reads a key by its former name from older links, says so, and writes the new name', () => {
    const { address } = page('?kv.T=32&other=1');
    const { control, binding, cleanup } = bind('T');
    cleanups.push(cleanup);
    expect([control.value, binding.note]).toEqual([32, 'Older links name this kv.T; it is kv.S now.']);
    expect(address.search).toBe('?other=1&kv.S=32');
  });

  it('prefers the current name when a link has both, and drops the former one', () => {
    const { address } = page('?kv.T=500&kv.S=8');
    const { control, binding, cleanup } = bind('T');
    cleanups.push(cleanup);
    expect([control.value, binding.note, address.search]).toEqual([8, undefined, '?kv.S=8']);
  });

  it('joins the rename and a correction in one note', () => {
    page('?kv.T=500');
    const { control, binding, cleanup } = bind('T');
    cleanups.push(cleanup);
    expect([control.value, binding.note]).toEqual([
      64,
      'Older links name this kv.T; it is kv.S now. 500 is above the maximum; using 64.',
    ]);
  });
});
