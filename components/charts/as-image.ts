/**
 * Presents a rendered Plot chart to assistive technology as one labelled image: the svg that carries the chart's
 * summary gets role="img", and Plot's per-mark group labels ("line", "dot"), which say nothing to a listener and
 * are not allowed on plain groups, are removed. The summary and the data table carry the content.
 */
export function asImage(chart: Element): Element {
  for (const group of chart.querySelectorAll('g[aria-label]')) group.removeAttribute('aria-label');
  const labelled = chart.matches('svg[aria-label]')
    ? [chart]
    : [...chart.querySelectorAll('svg[aria-label]')];
  for (const svg of labelled) svg.setAttribute('role', 'img');
  return chart;
}
