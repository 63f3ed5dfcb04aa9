/** Marks the lesson charts share. */
import * as Plot from '@observablehq/plot';

/** A label just above the left end of a horizontal rule at `y` (a device's ridge, its memory). */
export function ruleLabel(y: number, text: string): Plot.Markish {
  return Plot.text([y], {
    y: (d: number) => d,
    frameAnchor: 'left',
    dx: 4,
    dy: -8,
    text: () => text,
    textAnchor: 'start',
    fill: 'currentColor',
  });
}

/** Each bar's value written just past its end; `options` give the x, y and text channels. */
export function barValues(data: Plot.Data, options: Plot.TextOptions): Plot.Markish {
  return Plot.text(data, { textAnchor: 'start', dx: 6, fill: 'currentColor', ...options });
}

/** A ring in the page's colour around a label, keeping it readable where it crosses another mark. */
export const HALO = { stroke: 'var(--plot-background)', strokeWidth: 4 } as const;
