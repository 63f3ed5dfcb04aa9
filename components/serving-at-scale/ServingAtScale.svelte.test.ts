// The sweep mounted in jsdom from a link: it starts at once, says which rate it is serving, and ends with the readout
// the default sweep gives (rate-sweep.test.ts computes the same figures); a model too large for the GPU is refused in
// words; moving a control cancels the sweep in flight for one with the new settings, and a finished sweep stays on
// screen, dimmed, until the next replaces it. (Plot draws nothing here, since jsdom lays nothing out; the charts' own
// test renders them.)
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { mountWidget, settle } from '../testing/mount-widget';
import ServingAtScale from './ServingAtScale.svelte';

const readout = (page: HTMLElement) =>
  Object.fromEntries(
    [...page.querySelectorAll('.readout div')].map((d) => [
      d.querySelector('dt')!.textContent,
      d.querySelector('.value')!.textContent,
    ]),
  );
const status = (page: HTMLElement) => page.querySelector('.status-line')?.textContent?.trim() ?? '';

/** Lets the sweep run, a macrotask at a time, until `done` holds; each turn is also checked by `meanwhile`. */
async function until(done: () => boolean, meanwhile: () => void = () => {}, turns = 20_000): Promise<void> {
  for (let i = 0; i < turns && !done(); i++) {
    await settle(1);
    meanwhile();
  }
  expect(done()).toBe(true);
}

describe('ServingAtScale', () => {
  it('sweeps the lecture example at once, saying which rate it serves, and reads out what it found', async () => {
    const page = mountWidget('/lessons/continuous-batching/', ServingAtScale, {});
    expect(page.querySelector('[data-widget="serving-at-scale"]')).not.toBeNull();
    expect(status(page)).toBe('Starting the sweep…');
    await until(() => status(page).includes('rate 1 of 13'));
    expect(status(page)).toBe('Serving 400 requests at 2 requests/s under static batching: rate 1 of 13…');
    expect(page.querySelector('progress')!.getAttribute('max')).toBe('13');
    await until(() => status(page).startsWith('Swept'));
    expect(status(page)).toBe(
      'Swept 13 arrival rates from 2 requests/s to 200 requests/s, 400 requests each, under both policies.',
    );
    expect(readout(page)).toEqual({
      'Heaviest load swept': '200 requests/s',
      'Static batching there': '1,510 tokens/s',
      'Continuous batching there': '3,530 tokens/s',
      'Continuous ÷ static': '×2.34',
      'Static knee': '15 requests/s',
      'Continuous knee': '50 requests/s',
      'KV pool': '3,507 blocks, 56,112 tokens',
      'Full-length requests it holds': '54, for 64 slots',
    });
    expect(
      [...page.querySelectorAll('.readout .provenance')].every((p) => p.textContent === 'analytic'),
    ).toBe(true);
    expect(page.querySelector('p.summary')!.textContent).toMatch(
      /^Llama 2 13B on one NVIDIA H100 SXM with 64 slots, on the cost model: at 200 requests\/s continuous batching serves 3,530 tokens\/s/,
    );
    expect(page.querySelectorAll('.plot-chart')).toHaveLength(2);
    expect(page.querySelectorAll('tbody tr')).toHaveLength(26);
    expect(page.querySelector('caption')!.textContent).toMatch(
      /^Analytic \(cost model\) serving of Llama 2 13B/,
    );
    expect(page.querySelector('.fine-print')!.textContent).toContain('Analytic, not measured');
  }, 60_000);

  it('refuses a model whose weights fill the GPU, and sweeps once a smaller one is chosen', async () => {
    const page = mountWidget('/lessons/continuous-batching/?scale.model=llama-2-70b', ServingAtScale, {
      requests: 60,
    });
    await settle(3);
    expect(page.querySelector('.refusal')!.textContent).toBe(
      "Llama 2 70B's weights in bf16 take 138 GB, more than the 72 GB a server may fill (90 % of the NVIDIA " +
        "H100 SXM's 80 GB): no room is left for a KV cache. Pick a smaller model or a device with more memory.",
    );
    expect(page.querySelector('.status-line')).toBeNull();
    const select = page.querySelector<HTMLSelectElement>('#scale-model-select')!;
    select.value = 'llama-2-7b';
    select.dispatchEvent(new Event('change'));
    flushSync();
    expect(location.search).toBe('?scale.model=llama-2-7b');
    expect(page.querySelector('.refusal')).toBeNull();
    await until(() => status(page).startsWith('Swept'));
    expect(page.querySelector('caption')!.textContent).toMatch(
      /^Analytic \(cost model\) serving of Llama 2 7B/,
    );
  }, 60_000);

  it('cancels the sweep in flight when a control moves, and shows only the new settings', async () => {
    const page = mountWidget('/lessons/continuous-batching/', ServingAtScale, { requests: 60 });
    await until(() => /^Serving 60 requests .* rate \d+ of 13…$/.test(status(page)));
    const field = page.querySelector<HTMLInputElement>('#scale-slots-field')!;
    field.value = '16';
    field.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(location.search).toBe('?scale.slots=16');
    expect(status(page)).toBe('Starting the sweep…');
    const caption = () => page.querySelector('caption')?.textContent ?? '';
    await until(
      () => status(page).startsWith('Swept'),
      () => expect(caption() === '' || caption().includes(' 16 slots')).toBe(true),
    );
    expect(readout(page)['Full-length requests it holds']).toBe('54, for 16 slots');
  }, 60_000);

  it('keeps the last sweep on screen, dimmed, until the next one replaces it', async () => {
    const page = mountWidget('/lessons/continuous-batching/?scale.seed=7', ServingAtScale, { requests: 60 });
    await until(() => status(page).startsWith('Swept'));
    expect(page.querySelector('caption')!.textContent).toMatch(/, seed 7$/);
    const seed = page.querySelector<HTMLInputElement>('#scale-seed-field')!;
    seed.value = '8';
    seed.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(location.search).toBe('?scale.seed=8');
    expect(status(page)).toBe('Sweeping again once the controls rest…');
    expect(page.querySelector('.sweep.stale')).not.toBeNull();
    expect(page.querySelector('caption')!.textContent).toMatch(/, seed 7$/);
    await until(() => status(page).startsWith('Swept'));
    expect(page.querySelector('.sweep.stale')).toBeNull();
    expect(page.querySelector('caption')!.textContent).toMatch(/, seed 8$/);
  }, 60_000);
});
