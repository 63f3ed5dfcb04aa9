// The widget mounted in jsdom: its bits, readout and notes follow the controls and the address, and the integer
// formats bring their absmax control. (Plot draws nothing here, since jsdom lays nothing out; the charts' own
// tests render them.)
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { mountWidget } from '../testing/mount-widget';
import NumberFormats from './NumberFormats.svelte';

/** Open the page at `search` and mount the widget. */
function open(search = '') {
  return mountWidget(`/lessons/quantization/${search}`, NumberFormats, {});
}

const bitsLabel = (page: HTMLElement) => page.querySelector('.bits')!.getAttribute('aria-label');
const readout = (page: HTMLElement) =>
  [...page.querySelectorAll('.readout div')].map((d) => [
    d.querySelector('dt')!.textContent,
    d.querySelector('.value')!.textContent,
  ]);

describe('NumberFormats', () => {
  it('stores π in fp8 e4m3 as 0x45 = 3.25, and says how far off that is', () => {
    const page = open();
    expect(bitsLabel(page)).toBe('fp8 e4m3 bits: sign 0, exponent 1000, mantissa 101');
    expect(page.querySelector('.equation')!.textContent).toBe('Value: +2¹ × 1.625 = 3.25');
    expect(page.querySelector('.code')!.textContent).toBe('Stored as 0x45, 8 bits:');
    expect(readout(page).slice(0, 4)).toEqual([
      ['Stored value', '3.25'],
      ['Error (stored − x)', '+0.108'],
      ['Relative error', '3.45 %'],
      ['Gap to neighbours here', '0.25'],
    ]);
    expect(page.textContent).toContain('Some AMD GPUs (the MI300 series) use the FNUZ variant');
    expect(page.querySelector('input[aria-label^="Absmax"]')).toBeNull();
  });

  it('reads the format and value from the address', () => {
    const page = open('?fmt.format=bf16&fmt.x=-2');
    expect(bitsLabel(page)).toBe('bf16 bits: sign 1, exponent 10000000, mantissa 0000000');
    expect(page.querySelector('.code')!.textContent).toBe('Stored as 0xC000, 16 bits:');
  });

  it('offers absmax for an integer format and writes both to the address', () => {
    const page = open();
    const select = page.querySelector('select')!;
    select.value = 'int8';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    // π at absmax 4: 3.141593 / (4/127) = 99.75 steps, stored as 100 = 0x64.
    expect(bitsLabel(page)).toBe('int8 bits: sign 0, integer 1100100');
    const absmax = page.querySelector<HTMLInputElement>('#fmt-absmax-field')!;
    absmax.value = '1';
    absmax.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(readout(page)[0]).toEqual(['Stored value', '1']);
    expect(page.textContent).toContain('saturates to it');
    expect(location.search).toBe('?fmt.format=int8&fmt.absmax=1');
  });
});
