/**
 * The two charts of a prefix-sharing run, drawn from the requests served so far: each request's time to first token
 * with the prefix cache off and on (a band per request, a bar per run), and, with the cache on, each request's prompt
 * tokens found in the cache and computed (stacked from the prompt's start, the system prompt's end ruled). Pure: the
 * served requests in, Plot specs and their summaries out.
 */
import * as Plot from '@observablehq/plot';
import type { PrefixShareServed } from '@engine/index';
import { barsX } from '../charts/axes';
import { formatInteger, formatNumber, formatSeconds } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { barValues, HALO } from '../charts/marks';
import { SERIES } from '../charts/palette';
import { cacheName, requestName, requestNames } from './request-names';

const [OFF, ON] = [cacheName(false), cacheName(true)];
const FOUND = 'Found in the cache';
const COMPUTED = 'Computed';

/** Fits "#8" beside each band, and a bar's value past its end. */
const SIDES = { marginLeft: 36, marginRight: 44 } as const;

const promptTokens = (s: PrefixShareServed) => s.served.cached + s.served.computed;

export function ttftChart(served: readonly PrefixShareServed[], requests: number): Plot.PlotOptions {
  const bars = served.map((s) => ({
    request: requestName(s.index),
    run: cacheName(s.prefixCaching),
    ms: s.served.ttftSeconds * 1000,
  }));
  const channels = { x: 'ms', y: 'run', fy: 'request' } as const;
  return {
    ...MARGINS,
    ...SIDES,
    x: barsX('Time to first token (ms, measured) →', Math.max(1e-3, ...bars.map((b) => b.ms))),
    y: { axis: null, domain: [OFF, ON] },
    fy: { label: null, domain: requestNames(requests), padding: 0.2 },
    color: { legend: true, domain: [OFF, ON], range: [SERIES.muted, SERIES.memory] },
    marks: [
      Plot.barX(bars, { ...channels, fill: 'run' }),
      barValues(bars, { ...channels, text: (b: { ms: number }) => formatNumber(b.ms) }),
      Plot.ruleX([0]),
    ],
  };
}

export function tokensChart(
  served: readonly PrefixShareServed[],
  requests: number,
  systemTokens?: number,
): Plot.PlotOptions {
  // The cache holds the start of a prompt, so its part is stacked first.
  const parts = served
    .filter((s) => s.prefixCaching)
    .flatMap((s) => [
      { request: requestName(s.index), part: FOUND, tokens: s.served.cached },
      { request: requestName(s.index), part: COMPUTED, tokens: s.served.computed },
    ]);
  const top = Math.max(1, systemTokens ?? 0, ...served.map(promptTokens));
  const rule = systemTokens === undefined ? [] : [systemTokens];
  return {
    ...MARGINS,
    ...SIDES,
    marginTop: 24,
    x: barsX('Prompt tokens, prefix cache on (counted) →', top),
    y: { label: null, domain: requestNames(requests), padding: 0.25 },
    color: { legend: true, domain: [FOUND, COMPUTED], range: [SERIES.secondary, SERIES.compute] },
    marks: [
      Plot.barX(parts, { x: 'tokens', y: 'request', fill: 'part' }),
      Plot.ruleX(rule, { stroke: 'currentColor', strokeDasharray: '4 3' }),
      Plot.text(rule, {
        x: (d: number) => d,
        frameAnchor: 'top',
        dy: -12,
        text: () => 'system prompt',
        textAnchor: 'end',
        fill: 'currentColor',
        ...HALO,
      }),
      Plot.ruleX([0]),
    ],
  };
}

/** "4 ms", or "4 ms to 5 ms". */
function span(seconds: readonly number[]): string {
  const [low, high] = [Math.min(...seconds), Math.max(...seconds)];
  return low === high ? formatSeconds(low) : `${formatSeconds(low)} to ${formatSeconds(high)}`;
}

const counted = (n: number, what: string) => `${formatInteger(n)} ${what}${n === 1 ? '' : 's'}`;

export function describeTtft(served: readonly PrefixShareServed[]): string {
  const ttft = (list: readonly PrefixShareServed[]) => list.map((s) => s.served.ttftSeconds);
  const off = served.filter((s) => !s.prefixCaching);
  const [first, ...later] = served.filter((s) => s.prefixCaching);
  const parts = [
    off.length > 0 && `with the prefix cache off, ${span(ttft(off))} over ${counted(off.length, 'request')}`,
    first &&
      `with it on, ${formatSeconds(first.served.ttftSeconds)} for the first` +
        (later.length ? ` and ${span(ttft(later))} for the ${counted(later.length, 'later one')}` : ''),
  ].filter(Boolean);
  if (parts.length === 0) return 'Time to first token: no request served yet.';
  return `Time to first token of each request, measured: ${parts.join('; ')}.`;
}

export function describeTokens(served: readonly PrefixShareServed[], systemTokens?: number): string {
  const [first, ...later] = served.filter((s) => s.prefixCaching);
  if (!first) return 'Prompt tokens with the prefix cache on: no request served with it on yet.';
  const tokens = (n: number) => counted(n, 'token');
  const range = (values: readonly number[]) => {
    const [low, high] = [Math.min(...values), Math.max(...values)];
    return low === high ? tokens(low) : `${formatInteger(low)} to ${tokens(high)}`;
  };
  const system = systemTokens === undefined ? '' : ` The system prompt is ${tokens(systemTokens)}.`;
  const rest = later.length
    ? `; the later ones found ${range(later.map((s) => s.served.cached))} of theirs in the cache and computed ` +
      `${range(later.map((s) => s.served.computed))}`
    : '';
  return (
    `With the prefix cache on, the first request computed all ${tokens(first.served.computed)} of its prompt` +
    `${rest}.${system}`
  );
}
