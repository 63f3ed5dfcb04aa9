// Presenter mode: one slide of the lesson at a time (site/present/slides.ts), scaled for a projector, with a bar to
// step, show the speaker notes and leave. The slide number lives in the address (`present`), so a link opens the
// lesson presenting that slide; an out-of-range number is corrected with a note in the bar. The arrow keys step
// unless a control has focus, so a figure's sliders and fields keep their keys.
import { numberCodec, withParam } from '../../components/controls/url-codec';
import { lessonSlides, type Slide } from './slides';

/** The address key holding the slide number (1 = the lesson's title). */
export const PRESENT_KEY = 'present';

/** A slide is laid out at most 1000 CSS pixels wide (present.css), then zoomed to fill the screen's width. */
const SLIDE_WIDTH = 1040;

/** Where arrow keys belong to the control, not to stepping. */
const OWNS_ARROWS = 'input, select, textarea, [contenteditable], [role="slider"], [role="tablist"] *';

export interface PresenterView {
  position: HTMLElement;
  note: HTMLElement;
  previous: HTMLButtonElement;
  next: HTMLButtonElement;
  notes: HTMLButtonElement;
  exit: HTMLButtonElement;
  enter: HTMLButtonElement;
}

export class Presenter {
  readonly #slides: Slide[];
  readonly #view: PresenterView;
  #index = -1;

  constructor(header: HTMLElement, body: HTMLElement, view: PresenterView) {
    this.#slides = lessonSlides(header, body);
    this.#view = view;
    view.previous.addEventListener('click', () => this.show(this.#index - 1));
    view.next.addEventListener('click', () => this.show(this.#index + 1));
    view.notes.addEventListener('click', () => this.#toggleNotes());
    view.exit.addEventListener('click', () => this.exit());
    view.enter.addEventListener('click', () => this.enter(0));
    document.addEventListener('keydown', (event) => this.#onKey(event));
    window.addEventListener('resize', () => this.#fit());
  }

  get presenting(): boolean {
    return this.#index >= 0;
  }

  /** Starts presenting from the address's slide number, if it has one. */
  openFromAddress(): void {
    const raw = new URLSearchParams(location.search).get(PRESENT_KEY);
    if (raw === null) return;
    const { value, note } = numberCodec({ min: 1, max: this.#slides.length, step: 1 }, 1).parse(raw);
    this.enter(value - 1);
    this.#view.note.textContent = note ?? '';
  }

  enter(index: number): void {
    document.documentElement.dataset.present = '';
    this.#fit();
    this.show(index);
    this.#view.next.focus();
  }

  show(index: number): void {
    const target = Math.min(this.#slides.length - 1, Math.max(0, index));
    this.#mark(this.#index, false);
    this.#index = target;
    this.#mark(target, true);
    const { title } = this.#slides[target]!;
    this.#view.position.textContent = `Slide ${target + 1} of ${this.#slides.length}: ${title}`;
    this.#view.note.textContent = '';
    this.#view.previous.disabled = target === 0;
    this.#view.next.disabled = target === this.#slides.length - 1;
    this.#writeAddress(String(target + 1));
    scrollTo({ top: 0, behavior: 'instant' });
  }

  exit(): void {
    const slide = this.#slides[this.#index];
    this.#mark(this.#index, false);
    this.#index = -1;
    delete document.documentElement.dataset.present;
    delete document.documentElement.dataset.presentNotes;
    this.#view.notes.setAttribute('aria-pressed', 'false');
    this.#writeAddress(null);
    slide?.element.scrollIntoView({ block: 'start', behavior: 'instant' });
    this.#view.enter.focus({ preventScroll: true });
  }

  #mark(index: number, current: boolean): void {
    const slide = this.#slides[index];
    if (!slide) return;
    slide.element.toggleAttribute('data-slide-current', current);
    for (const note of slide.notes) note.toggleAttribute('data-notes-current', current);
  }

  #toggleNotes(): void {
    const root = document.documentElement;
    const on = root.dataset.presentNotes === undefined;
    if (on) root.dataset.presentNotes = '';
    else delete root.dataset.presentNotes;
    this.#view.notes.setAttribute('aria-pressed', String(on));
  }

  /** The zoom that fits a slide's width to the screen, between 1 and 2.5; a tall slide scrolls above the bar. */
  #fit(): void {
    const zoom = Math.min(2.5, Math.max(1, innerWidth / SLIDE_WIDTH));
    document.documentElement.style.setProperty('--present-zoom', zoom.toFixed(3));
  }

  #writeAddress(value: string | null): void {
    const search = withParam(location.search, PRESENT_KEY, value);
    if (search !== location.search)
      history.replaceState(history.state, '', location.pathname + search + location.hash);
  }

  #onKey(event: KeyboardEvent): void {
    if (!this.presenting || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (event.target instanceof Element && event.target.closest(OWNS_ARROWS)) return;
    const step: Record<string, number> = {
      ArrowRight: this.#index + 1,
      PageDown: this.#index + 1,
      ArrowLeft: this.#index - 1,
      PageUp: this.#index - 1,
      Home: 0,
      End: this.#slides.length - 1,
    };
    if (event.key === 'Escape') this.exit();
    else if (event.key in step) this.show(step[event.key]!);
    else return;
    event.preventDefault();
  }
}
