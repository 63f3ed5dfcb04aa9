// Before a lesson prints, every widget must have drawn: a widget hydrates only when scrolled to (`client:visible`),
// and one never scrolled to would print an empty chart. This brings each waiting island into view in turn, waits
// until it has hydrated and its charts have drawn, and comes back to where the reader was.
import { boxOf } from '../lib/island-box';

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

/**
 * Whether a chart is still to draw: one marked pending, or one laid out with a width and nothing drawn yet (a chart
 * that has just hydrated learns its width a frame or two later, and only then marks itself pending).
 */
function chartsToDraw(): boolean {
  return [...document.querySelectorAll('.plot-chart')].some(
    (chart) => chart.hasAttribute('data-pending') || (chart.clientWidth > 0 && !chart.querySelector('svg')),
  );
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

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
  await nextFrame();
  await nextFrame();
  await until(() => !chartsToDraw(), WAIT_MS);
  window.scrollTo({ left: scrollX, top: scrollY, behavior: 'instant' });
  return missed;
}
