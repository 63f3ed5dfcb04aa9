/**
 * GPT-2's byte-level alphabet: each of the 256 byte values is written as one printable character, so BPE works on
 * strings and no text is ever out of vocabulary (Radford et al. 2019, openai/gpt-2 encoder.py `bytes_to_unicode`).
 * Printable Latin-1 bytes stand for themselves; the other 68, in order, become U+0100 onwards (space is 'Ġ').
 */

function printable(byte: number): boolean {
  return (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
}

function byteChars(): string[] {
  const chars: string[] = [];
  let shifted = 0;
  for (let byte = 0; byte < 256; byte++)
    chars.push(String.fromCharCode(printable(byte) ? byte : 256 + shifted++));
  return chars;
}

/** The character that stands for each byte value. */
export const BYTE_CHARS: readonly string[] = byteChars();
const CHAR_BYTES = new Map(BYTE_CHARS.map((char, byte) => [char, byte]));
const utf8 = new TextEncoder();

/** Text as byte-level characters: one character per UTF-8 byte. */
export function toByteChars(text: string): string {
  let out = '';
  for (const byte of utf8.encode(text)) out += BYTE_CHARS[byte];
  return out;
}

/** The bytes a token stands for: its byte-level characters mapped back, or, like Hugging Face's ByteLevel
 *  decoder, its own UTF-8 when some character is not in the alphabet (an added token such as "<｜end｜>"). */
export function tokenBytes(token: string): Uint8Array {
  const bytes = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) {
    const byte = CHAR_BYTES.get(token.charAt(i));
    if (byte === undefined) return utf8.encode(token);
    bytes[i] = byte;
  }
  return bytes;
}
