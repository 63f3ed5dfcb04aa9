/**
 * The first element of an Astro island that has a box. Islands are `display: contents`, so they have none of their
 * own: scrolling one into view, or measuring it, goes through this.
 */
export function boxOf(island: Element): Element | undefined {
  return [...island.children].find((child) => child.getClientRects().length > 0);
}
