/**
 * Keeps one control's value in the query string. On mount it reads `ns.name` from the URL (the server render
 * used the fallback), and from then on writes every change back with history.replaceState, removing the key
 * when the value is the fallback so links stay short. A value that had to be changed leaves a note, shown
 * until the value the reader asked for moves again.
 */
import { untrack } from 'svelte';
import { urlKey, withParam, type UrlCodec } from './url-codec';

/** Which URL key a control owns, and how its value is read and written there. */
export interface UrlSlot<T> {
  ns: string;
  name: string;
  codec: UrlCodec<T>;
  /** The name the key had in older links: read when the key itself is absent, said in the note, then dropped. */
  formerly?: string | undefined;
}

/** The raw value a slot's key holds in `search`, or its former key's with a note saying so; null when neither. */
function readSlot(search: string, { ns, name, formerly }: UrlSlot<unknown>) {
  const params = new URLSearchParams(search);
  const raw = params.get(urlKey(ns, name));
  const old = formerly === undefined ? null : params.get(urlKey(ns, formerly));
  if (raw !== null || old === null) return { raw, renamed: undefined };
  return {
    raw: old,
    renamed: `Older links name this ${urlKey(ns, formerly!)}; it is ${urlKey(ns, name)} now.`,
  };
}

export class UrlBinding<T> {
  /** What was changed to make a value valid. */
  note = $state<string | undefined>();
  #noted: { value: T } | undefined;
  readonly #slot: () => UrlSlot<T>;

  /**
   * `get` is the value the control shows and the address keeps; `asked` is the one the reader asked for, when the
   * control may show another it was moved to (a model this device cannot run, replaced by one it can, which says so
   * in its own notice): the address's note stays until `asked` moves.
   */
  constructor(slot: () => UrlSlot<T>, get: () => T, set: (value: T) => void, asked: () => T = get) {
    this.#slot = slot;
    let restored = false;
    $effect(() => {
      untrack(() => {
        const { raw, renamed } = readSlot(location.search, slot());
        if (raw !== null) {
          const parsed = slot().codec.parse(raw);
          set(parsed.value);
          const notes = [renamed, parsed.note].filter((n) => n !== undefined);
          this.explain(notes.length ? notes.join(' ') : undefined, parsed.value);
        }
        restored = true;
      });
    });
    $effect(() => {
      const value = get();
      const reader = asked();
      const { ns, name, codec, formerly } = slot();
      if (!restored) return;
      if (this.#noted && reader !== this.#noted.value) this.explain(undefined, reader);
      const text = value === codec.fallback ? null : codec.format(value);
      const current =
        formerly === undefined ? location.search : withParam(location.search, urlKey(ns, formerly), null);
      const search = withParam(current, urlKey(ns, name), text);
      if (search !== location.search) {
        history.replaceState(history.state, '', location.pathname + search + location.hash);
      }
    });
  }

  /** The query-string key the control owns, which its root carries as `data-url-key`. */
  get key(): string {
    const { ns, name } = this.#slot();
    return urlKey(ns, name);
  }

  /** Show why `value` differs from what was asked for (or clear the note with undefined). */
  explain(note: string | undefined, value: T): void {
    this.note = note;
    this.#noted = note === undefined ? undefined : { value };
  }
}
