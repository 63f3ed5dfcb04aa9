/** The name a widget's files and links go by: its figure's anchor id, or failing that the widget's own name. */
export function figureName(element: Element | undefined): string {
  const figure = element?.closest('figure[id]');
  if (figure) return figure.id;
  return element?.closest('[data-widget]')?.getAttribute('data-widget') ?? 'figure';
}
