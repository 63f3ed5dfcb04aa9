import { EMBED_KEY, withoutPageModes } from './page-modes';

/** Text safe inside a double-quoted HTML attribute. */
function attribute(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/** What one figure's embed needs: the page's address as set now, the figure's id and caption, its height in px. */
export interface EmbedSource {
  href: string;
  figureId: string;
  title: string;
  height: number;
}

/**
 * An iframe that shows the figure alone with the settings of `href`: the lesson's address with the `embed` key and
 * no anchor, titled by the figure's caption, as tall as the figure is now.
 */
export function embedCode({ href, figureId, title, height }: EmbedSource): string {
  const url = withoutPageModes(href);
  url.hash = '';
  url.searchParams.set(EMBED_KEY, figureId);
  return (
    `<iframe src="${attribute(url.href)}" title="${attribute(title)}" width="100%" ` +
    `height="${Math.ceil(height)}" style="border: 0" loading="lazy" allow="clipboard-write"></iframe>`
  );
}
