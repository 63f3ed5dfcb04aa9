/**
 * The pace at which a widget shows a run's steps (lesson 6's verifications, lesson 8's cache operations). The engine
 * streams them faster than a reader follows, so the page reveals them one at a time: playing (one every REVEAL_MS,
 * waiting for the engine when it catches up), paused, stepped by hand either way, or all at once. A reader who asks
 * for reduced motion sees every step at once.
 */

/** Milliseconds between two steps while playing. */
export const REVEAL_MS = 700;

export class StepReveal {
  /** Whether the next step comes by itself. */
  playing = $state(false);
  /** Steps the reader asked to see; more than have arrived while stepping ahead or showing all. */
  #wanted = $state(0);
  readonly #arrived: () => number;
  readonly #finished: () => boolean;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `arrived`: steps streamed so far; `finished`: whether the run has ended (no more will come). */
  constructor(arrived: () => number, finished: () => boolean) {
    this.#arrived = arrived;
    this.#finished = finished;
  }

  /** Steps shown. */
  get shown(): number {
    return Math.min(this.#wanted, this.#arrived());
  }

  /** Whether every step of an ended run is shown. */
  get complete(): boolean {
    return this.#finished() && this.shown === this.#arrived();
  }

  /** A new run: play from its first step, or show them all under reduced motion. */
  restart(reducedMotion: boolean): void {
    this.pause();
    this.#wanted = reducedMotion ? Infinity : 1;
    if (!reducedMotion) this.play();
  }

  /** Play on from here, or from the start when everything is shown. */
  play(): void {
    if (this.complete) this.#wanted = 1;
    this.playing = true;
    this.#schedule();
  }

  pause(): void {
    this.playing = false;
    clearTimeout(this.#timer);
  }

  /** Show one more step, and stop playing. */
  step(): void {
    this.pause();
    this.#wanted = this.shown + 1;
  }

  /** Show one step fewer (never none), and stop playing. */
  back(): void {
    this.pause();
    this.#wanted = Math.max(1, this.shown - 1);
  }

  showAll(): void {
    this.pause();
    this.#wanted = Infinity;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#tick(), REVEAL_MS);
  }

  #tick(): void {
    if (this.shown < this.#arrived()) this.#wanted = this.shown + 1;
    if (this.complete) this.playing = false;
    else this.#schedule();
  }
}
