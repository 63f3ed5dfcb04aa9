/**
 * A widget's prompt kept in the page's address (`ns.prompt`), cut to a length with a note when a link brings more.
 * The widget reads and binds `value`, and hands `binding` to its PromptField, which shows the note.
 */
import { promptCodec } from './prompt-codec';
import { UrlBinding } from './url-binding.svelte';

/** Longest prompt a widget takes, in characters. */
export const MAX_PROMPT_CHARS = 2000;

export class LinkedPrompt {
  value = $state('');
  readonly binding: UrlBinding<string>;

  constructor(ns: () => string, fallback: string) {
    this.value = fallback;
    this.binding = new UrlBinding(
      () => ({ ns: ns(), name: 'prompt', codec: promptCodec(fallback, MAX_PROMPT_CHARS) }),
      () => this.value,
      (value) => (this.value = value),
    );
  }
}
