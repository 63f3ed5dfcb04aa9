// The calculator mounted in jsdom from a link: its readout is engine/analytic's speculative step for the linked
// device, format, α, context and K, and the note on whether the weights fit follows the weight format.
// (Plot draws nothing here, since jsdom lays nothing out; the chart's own test renders it.)
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { analytic } from '@engine/index';
import { formatNumber, formatSeconds } from '../charts/format';
import { mountWidget } from '../testing/mount-widget';
import { speculativePair } from './cost-curves';
import SpeculativeCost from './SpeculativeCost.svelte';

const readout = (page: HTMLElement) =>
  Object.fromEntries(
    [...page.querySelectorAll('.readout div')].map((d) => [
      d.querySelector('dt')!.textContent,
      d.querySelector('.value')!.textContent,
    ]),
  );

describe('SpeculativeCost', () => {
  it('reads out the analytic step for the linked settings', () => {
    const page = mountWidget(
      '/lessons/speculative-sampling/?cost.device=a100-80gb&cost.weights=int8&cost.alpha=0.7&cost.S=2048&cost.K=6',
      SpeculativeCost,
      {},
    );
    const { target, draft } = speculativePair(analytic.hardwareById('a100-80gb'), 'int8');
    const cost = analytic.speculativeCost(target, draft, 6, 0.7, 2048);
    const values = readout(page);
    expect(values['Speedup']).toBe(`×${formatNumber(cost.speedup)}`);
    expect(values['Verifying K + 1 = 7 tokens']).toBe(`${formatSeconds(cost.verify.seconds)}, memory-bound`);
    expect(values['Llama 2 70B decode step']).toBe(formatSeconds(cost.targetStepSeconds));
    expect(page.querySelector('p.summary')!.textContent).toMatch(
      /^Llama 2 70B verifying Llama 2 7B's drafts on the NVIDIA A100 80GB SXM at α = 0.7, context 2,048 tokens: K = 6 gives/,
    );
    expect(page.querySelector('.fine-print')!.textContent).toContain(
      "together fit in the NVIDIA A100 80GB SXM's 80 GB",
    );
    expect(page.querySelectorAll('tbody tr')).toHaveLength(16);
  });

  it('says bf16 weights overflow an H100 and int4 weights fit, and writes the change into the address', () => {
    const page = mountWidget('/lessons/speculative-sampling/', SpeculativeCost, {});
    expect(page.querySelector('.fine-print')!.textContent).toContain(
      "together, more than the NVIDIA H100 SXM's 80 GB",
    );
    const select = page.querySelector<HTMLSelectElement>('#cost-weights-select')!;
    select.value = 'int4';
    select.dispatchEvent(new Event('change'));
    flushSync();
    expect(location.search).toBe('?cost.weights=int4');
    expect(page.querySelector('.fine-print')!.textContent).toContain('together fit in the NVIDIA H100 SXM');
  });
});
