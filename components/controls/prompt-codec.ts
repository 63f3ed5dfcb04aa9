/** The prompt in the page's address: the text as it is, cut to a length with a note when a link brings more. */
import type { UrlCodec } from '../controls/url-codec';

export function promptCodec(fallback: string, maxChars: number): UrlCodec<string> {
  return {
    fallback,
    format: (value) => value,
    parse(raw) {
      if (raw.length <= maxChars) return { value: raw };
      return {
        value: cutToWholeCharacters(raw, maxChars),
        note: `The prompt was cut to its first ${maxChars} characters.`,
      };
    },
  };
}

/** The longest start of `text` within `maxChars` UTF-16 units that does not split a surrogate pair. */
function cutToWholeCharacters(text: string, maxChars: number): string {
  const cut = text.slice(0, maxChars);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
