/**
 * Pre-tokenizers: how text is cut into words before BPE, as Hugging Face `tokenizers` does it for the two kinds of
 * file we read: GPT-2's ByteLevel (split by GPT-2's pattern, then bytes to characters) and Llama 3's Split by a
 * pattern followed by ByteLevel without its own pattern. Patterns are written for Oniguruma; `toJsRegExp` turns
 * the parts these files use into a JavaScript RegExp that matches the same text.
 */
import { toByteChars } from './bpe-tokenizer-bytes';

/** One pre-tokenizer: every piece of text in, its pieces out (no empty ones). */
export type PreTokenizeStep = (pieces: string[]) => string[];

/** GPT-2's split: contractions, letters, numbers and other symbols each with an optional leading space, and
 *  runs of whitespace that leave the last space to the next word. */
export const GPT2_PATTERN =
  "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

// Letters whose Unicode simple case folding reaches outside ASCII: the long s and the Kelvin sign.
const FOLD_EXTRA: Record<string, string> = { s: '\u017f', k: '\u212a' };

/** A global, Unicode-aware RegExp for an Oniguruma pattern: `\s` and `\S` become Unicode White_Space (as in
 *  Oniguruma, and unlike JavaScript's `\s`), and `(?i:…)` groups of plain letters are spelled out case by case.
 *  Throws a SyntaxError for what it cannot carry over. */
export function toJsRegExp(pattern: string): RegExp {
  let out = '';
  let caseless = -1; // nesting depth at which a (?i: group opened, or -1 outside one
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '\\') {
      const e = pattern.charAt(++i);
      if (caseless >= 0 && /[a-zA-Z0-9]/.test(e)) throw new SyntaxError(`escape \\${e} inside (?i:…)`);
      out += e === 's' ? '\\p{White_Space}' : e === 'S' ? '\\P{White_Space}' : `\\${e}`;
    } else if (inClass) {
      inClass = c !== ']';
      out += c;
    } else if (c === '[' && caseless < 0) {
      inClass = true;
      out += c;
    } else if (pattern.startsWith('(?i:', i)) {
      if (caseless >= 0) throw new SyntaxError('nested (?i:…)');
      caseless = depth++;
      out += '(?:';
      i += 3;
    } else if (caseless >= 0 && (c === '(' || c === '[')) {
      throw new SyntaxError(`${c} inside (?i:…)`);
    } else if (c === '^' || c === '$') {
      throw new SyntaxError(`${c}, a line anchor in Oniguruma but not in JavaScript`);
    } else if (c === '(') {
      depth++;
      out += c;
    } else if (c === ')') {
      if (--depth === caseless) caseless = -1;
      out += c;
    } else if (caseless >= 0 && /[a-zA-Z]/.test(c)) {
      const lower = c.toLowerCase();
      out += `[${lower}${lower.toUpperCase()}${FOLD_EXTRA[lower] ?? ''}]`;
    } else {
      out += c;
    }
  }
  return new RegExp(out, 'gu');
}

/** Cuts each piece at every match of `regex`, keeping both the matches and the text between them. */
export function splitIsolated(regex: RegExp): PreTokenizeStep {
  return (pieces) => {
    const out: string[] = [];
    for (const piece of pieces) {
      let last = 0;
      for (const match of piece.matchAll(regex)) {
        if (match.index > last) out.push(piece.slice(last, match.index));
        if (match[0]) out.push(match[0]);
        last = match.index + match[0].length;
      }
      if (last < piece.length) out.push(piece.slice(last));
    }
    return out;
  };
}

/** Hugging Face's ByteLevel: a space before each piece that lacks one (if asked), GPT-2's split (if asked), then
 *  every piece written in byte-level characters. */
export function byteLevel(addPrefixSpace: boolean, useRegex: boolean): PreTokenizeStep {
  const split = useRegex ? splitIsolated(toJsRegExp(GPT2_PATTERN)) : (pieces: string[]) => pieces;
  return (pieces) => {
    const spaced = addPrefixSpace ? pieces.map((p) => (p.startsWith(' ') ? p : ` ${p}`)) : pieces;
    return split(spaced).map(toByteChars);
  };
}
