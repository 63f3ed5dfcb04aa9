// Embed mode: a lesson's address with `embed=<figure id>` shows that figure alone, without the site's frame, for an
// iframe in another page (the code comes from the figure's Copy embed code, components/export/embed-code.ts). The
// figure keeps its settings in the iframe's own address. An id the lesson has no figure for gets a message listing
// those it has. Links open in a new tab, not inside the frame.
import { quoted } from '../../components/controls/url-codec';
import { EMBED_KEY } from '../../components/export/page-modes';

/** Shows the figure the address names, alone, if it names one. */
export function startEmbedMode(body: HTMLElement, message: HTMLElement): void {
  const id = new URLSearchParams(location.search).get(EMBED_KEY);
  if (id === null) return;
  document.documentElement.dataset.embed = '';
  const figures = [...body.querySelectorAll<HTMLElement>(':scope > figure.figure[id]')];
  const figure = figures.find((f) => f.id === id);
  if (figure) figure.toggleAttribute('data-embed-figure', true);
  else {
    const known = figures.map((f) => f.id).join(', ');
    message.textContent = `This lesson has no figure ${quoted(id)} to embed. Its figures are: ${known}.`;
  }
  document.addEventListener(
    'click',
    (event) => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (link instanceof HTMLAnchorElement && !link.href.startsWith(`${location.href.split('#')[0]}#`)) {
        link.target = '_blank';
        link.rel = 'noopener';
      }
    },
    { capture: true },
  );
}
