/**
 * Test helper: renders a chart spec to SVG text in jsdom at a fixed size, as PlotChart presents it, with numbers rounded to one decimal so
 * saved files do not change with floating-point noise.
 */
import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import { asImage } from './as-image';

export function renderSvg(spec: Plot.PlotOptions, width = 640, height = 360): string {
  const { document } = new JSDOM('').window;
  const chart = asImage(Plot.plot({ ...spec, width, height, document, ariaLabel: 'chart' }));
  return chart.outerHTML.replace(/\d+\.\d+/g, (n) => Number(n).toFixed(1)).replace(/></g, '>\n<');
}
