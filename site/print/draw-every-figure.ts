// Before a lesson prints, every widget must have drawn: a widget hydrates only when scrolled to (`client:visible`),
// and one never scrolled to would print an empty chart. This brings each waiting island into view in turn, waits
// until it has hydrated and its charts have drawn, and comes back to where the reader was.

/** How long one island may take to hydrate, or the charts to draw, before the handout prints without it. */
const WAIT_MS = 15_000;

/** Resolves true once `done()` holds, checked every frame, or false after `limitMs`. */
function until(done: () => boolean, limitMs: number): Promise<boolean> {
  const start = performance.now();
  return new Promise((resolve) => {
    const check = () => {
      if (done()) resolve(true);
      else if (performance.now() - start > limitMs) resolve(false);
      else setTimeout(check, 20);
    };
    check();
  });
}

/** The island's first element with a box: islands are `display: contents`, so they cannot be scrolled to. */
function boxOf(island: Element): Element | undefined {
  return [...island.children].find((child) => child.getClientRects().length > 0);
}

/**
 * Hydrates every island on the page that has not yet and waits for every chart to draw, reporting progress as
 * (islands done, islands waiting at the start). Resolves with the number that did not hydrate in time.
 */
export async function drawEveryFigure(progress: (done: number, total: number) => void): Promise<number> {
  const waiting = [...document.querySelectorAll('astro-island[ssr]')];
  const { scrollX, scrollY } = window;
  let missed = 0;
  for (const [index, island] of waiting.entries()) {
    const box = boxOf(island);
    if (island.hasAttribute('ssr') && box) {
      box.scrollIntoView({ block: 'center', behavior: 'instant' });
      if (!(await until(() => !island.hasAttribute('ssr'), WAIT_MS))) missed++;
    }
    progress(index + 1, waiting.length);
  }
  await until(() => document.querySelector('.plot-chart[data-pending]') === null, WAIT_MS);
  window.scrollTo({ left: scrollX, top: scrollY, behavior: 'instant' });
  return missed;
}
