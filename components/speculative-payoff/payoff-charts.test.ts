import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { payoffOf } from './payoff';
import { speedupChart, tokensChart } from './payoff-charts';
import { payoffResult } from './payoff-fixture';

describe('the payoff charts', () => {
  const payoff = payoffOf(payoffResult())!;

  it('renders tokens per verification against K, the formula drawn to the largest K asked for', async () => {
    await expect(renderSvg(tokensChart(payoff, 8))).toMatchFileSnapshot('./__snapshots__/payoff-tokens.svg');
  });

  it('renders the speedup against K with both formulas and the 1× rule', async () => {
    await expect(renderSvg(speedupChart(payoff, 8))).toMatchFileSnapshot(
      './__snapshots__/payoff-speedup.svg',
    );
  });
});
