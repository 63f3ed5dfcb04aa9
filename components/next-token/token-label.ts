/**
 * A token's text as a chart or table shows it: spaces, newlines and tabs drawn as visible marks (a byte-level BPE
 * token often starts with a space, and the newline is one of the most likely tokens in prose), other control
 * characters as a middle dot, and a token that is only part of a UTF-8 character (the tokenizer's byte tokens) as
 * the replacement character.
 */

const MARKS: Record<string, string> = { ' ': '␣', '\n': '↵', '\t': '⇥', '\r': '␍' };

/** The text of one token, readable. */
export function tokenLabel(text: string): string {
  if (text === '' || text.includes('\ufffd')) return '�';
  return text.replace(/[\s\u0000-\u001f\u007f-\u009f]/g, (c) => MARKS[c] ?? (c.trim() ? '·' : '␣'));
}
