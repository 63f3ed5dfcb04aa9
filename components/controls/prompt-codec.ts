/** The prompt in the page's address: the text as it is, cut to a length with a note when a link brings more. */
import type { UrlCodec } from '../controls/url-codec';

export function promptCodec(fallback: string, maxChars: number): UrlCodec<string> {
  return {
    fallback,
    format: (value) => value,
    parse(raw) {
      if (raw.length <= maxChars) return { value: raw };
      return {
        value: raw.slice(0, maxChars),
        note: `The prompt was cut to its first ${maxChars} characters.`,
      };
    },
  };
}
