/**
 * The items a run measures one after another on the page's engine (weight formats, quantization schemes, model
 * variants), each load replacing the last: the loop, which stops between items once the run is cancelled, and the
 * status lines it gives, which item of how many while running and how many were measured before a Cancel.
 */
import { formatInteger } from '../charts/format';
import type { Engine } from '../state/engine.svelte';

export class InTurn<T> {
  /** The item being measured and its place in the run, while one is. */
  current = $state.raw<{ item: T; index: number; total: number } | undefined>();
  readonly #plural: string;
  readonly #name: (item: T) => string;
  readonly #engine: Pick<Engine, 'progress'>;

  /** `plural` names the items in the Cancel line, `name` one item while running on `engine`. */
  constructor(plural: string, name: (item: T) => string, engine: Pick<Engine, 'progress'>) {
    this.#plural = plural;
    this.#name = name;
    this.#engine = engine;
  }

  /** The status line while running: which item of how many, and the engine's stage. */
  get runningText(): string | undefined {
    if (!this.current) return undefined;
    const { item, index, total } = this.current;
    const stage = this.#engine.progress?.stage ?? 'loading the model';
    return `${this.#name(item)} (${formatInteger(index + 1)} of ${formatInteger(total)}): ${stage}`;
  }

  /** The status line after Cancel: `measured` of the `total` items asked for (all of them, when not known). */
  cancelledText(measured: number, total = measured): string {
    return `Cancelled: ${formatInteger(measured)} of ${formatInteger(total)} ${this.#plural} measured; their results are shown.`;
  }

  /** Measures each of `items` in turn, starting none once `signal` has aborted. */
  async each(items: readonly T[], signal: AbortSignal, measure: (item: T) => Promise<void>): Promise<void> {
    try {
      for (const [index, item] of items.entries()) {
        if (signal.aborted) break;
        this.current = { item, index, total: items.length };
        await measure(item);
      }
    } finally {
      this.current = undefined;
    }
  }
}
