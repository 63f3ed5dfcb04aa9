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
