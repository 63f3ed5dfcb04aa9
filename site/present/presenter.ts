// Presenter mode: one slide of the lesson at a time (site/present/slides.ts), scaled for a projector, with a bar to
// step, show the speaker notes and leave. The slide number lives in the address (`present`), so a link opens the
// lesson presenting that slide; an out-of-range number is corrected with a note in the bar. Keys step unless a
// control has focus or has used the key itself, so a figure's sliders, fields and token stream keep theirs; Page Down
// and Page Up (a presenter's clicker) first show the rest of a slide taller than the screen.
import { numberCodec, withParam } from '../../components/controls/url-codec';
import { PRESENT_KEY } from '../../components/export/page-modes';
import { boxOf } from '../lib/island-box';
import { lessonSlides, type Slide } from './slides';

/** A slide is laid out at most 1000 CSS pixels wide (present.css); with the page's margins it fills this much. */
const SLIDE_WIDTH = 1040;

/** Where keys belong to the control that has focus, not to stepping. */
const OWNS_KEYS = 'input, select, textarea';

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
    this.#keepFocus();
  }

  exit(): void {
    const slide = this.#slides[this.#index];
    this.#mark(this.#index, false);
    this.#index = -1;
    delete document.documentElement.dataset.present;
    delete document.documentElement.dataset.presentNotes;
    this.#view.notes.setAttribute('aria-pressed', 'false');
    this.#writeAddress(null);
    const box = slide?.element.localName === 'astro-island' ? boxOf(slide.element) : slide?.element;
    box?.scrollIntoView({ block: 'start', behavior: 'instant' });
    this.#view.enter.focus({ preventScroll: true });
  }

  #mark(index: number, current: boolean): void {
    const slide = this.#slides[index];
    if (!slide) return;
    slide.element.toggleAttribute('data-slide-current', current);
    for (const note of slide.notes) note.toggleAttribute('data-notes-current', current);
  }

  /** Focus left on a control the step hid, or on a button it disabled, moves to the bar's way onward. */
  #keepFocus(): void {
    const focused = document.activeElement;
    const lost =
      !(focused instanceof HTMLElement) ||
      focused === document.body ||
      !focused.checkVisibility() ||
      (focused instanceof HTMLButtonElement && focused.disabled);
    if (lost) (this.#view.next.disabled ? this.#view.previous : this.#view.next).focus();
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
    const zoom = Math.min(2.5, Math.max(1, document.documentElement.clientWidth / SLIDE_WIDTH));
    document.documentElement.style.setProperty('--present-zoom', zoom.toFixed(3));
  }

  #writeAddress(value: string | null): void {
    const search = withParam(location.search, PRESENT_KEY, value);
    if (search !== location.search)
      history.replaceState(history.state, '', location.pathname + search + location.hash);
  }

  /** Page Down and Page Up scroll through a slide taller than the screen before they step. */
  #page(direction: 1 | -1): void {
    const root = document.documentElement;
    const more = direction > 0 ? root.scrollHeight - (scrollY + innerHeight) > 2 : scrollY > 2;
    if (more) scrollBy({ top: direction * innerHeight * 0.8, behavior: 'instant' });
    else this.show(this.#index + direction);
  }

  #onKey(event: KeyboardEvent): void {
    if (!this.presenting || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (event.target instanceof Element && event.target.closest(OWNS_KEYS)) return;
    const steps: Record<string, () => void> = {
      ArrowRight: () => this.show(this.#index + 1),
      ArrowLeft: () => this.show(this.#index - 1),
      PageDown: () => this.#page(1),
      PageUp: () => this.#page(-1),
      Home: () => this.show(0),
      End: () => this.show(this.#slides.length - 1),
      Escape: () => this.exit(),
    };
    const step = steps[event.key];
    if (!step) return;
    step();
    event.preventDefault();
  }
}
