/**
 * The two samplers' counts growing on the page: one batch of each per animation frame until the samples asked for,
 * the chart and the tests redrawn as they grow; for a reader who prefers reduced motion, the same batches drawn
 * frame by frame out of sight and shown once, complete. New distributions, rule, seed or total start again from no
 * samples, and a destroyed widget stops drawing. Create it while a component initialises (it owns an effect).
 */
import { prefersReducedMotion } from 'svelte/motion';
import { emptyTally, withNextBatch, type Sampling, type Tally } from './exactness-tally';

export class GrowingTally<S extends Sampling> {
  /**
   * The counts last shown, with the sampling they were drawn for: the current one, or the one before it until the
   * current one's first batch is drawn (or, out of sight, its last).
   */
  shown = $state.raw<{ of: S; tally: Tally } | undefined>();
  /** Whether the current sampling's batches are being drawn out of sight, to be shown at once. */
  drawing = $state(false);

  /** Grow counts for `sampling()` up to `batches()` batches; either changing starts again. */
  constructor(sampling: () => S | undefined, batches: () => number) {
    $effect(() => {
      const of = sampling();
      const total = batches();
      const atOnce = prefersReducedMotion.current;
      if (of === undefined) return;
      this.drawing = atOnce;
      let tally = emptyTally(of.p.length);
      const step = () => {
        tally = withNextBatch(of, tally);
        const done = tally.batches >= total;
        if (done || !atOnce) this.shown = { of, tally };
        if (done) this.drawing = false;
        else frame = requestAnimationFrame(step);
      };
      let frame = requestAnimationFrame(step);
      return () => cancelAnimationFrame(frame);
    });
  }
}
