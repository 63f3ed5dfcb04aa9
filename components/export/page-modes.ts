// Address keys that change how a lesson page shows, not how any widget is set: `embed` shows one figure alone for an
// iframe (site/embed/), `present` runs the lesson as slides (site/present/). A link to a figure leaves them out.

export const EMBED_KEY = 'embed';
export const PRESENT_KEY = 'present';

/** `href` without the page-mode keys: the settings of every widget, for a full page. */
export function withoutPageModes(href: string): URL {
  const url = new URL(href);
  url.searchParams.delete(EMBED_KEY);
  url.searchParams.delete(PRESENT_KEY);
  return url;
}
