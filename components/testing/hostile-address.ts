/**
 * Seeded query strings of the kind a shared link may carry, for fuzzing how pages read their address: numbers too
 * big, too small, negative, not finite, written oddly or off any step; empty and blank text; unicode (astral
 * characters, right-to-left text, combining marks, NUL); text thousands of characters long; and markup or
 * script-looking text, which must never become markup (each such value carries MARKUP_PROBE, so a page can be
 * searched for it, and sets INJECTED_FLAG on window if a script of it ever runs).
 */
import fc from 'fast-check';

/** An attribute every markup-looking value carries: an element that has it came from the address. */
export const MARKUP_PROBE = 'data-fuzz-injected';

/** A property on window that a script from the address would set. */
export const INJECTED_FLAG = '__fuzzInjected';

const markup = fc.constantFrom(
  `<img src=x onerror="window.${INJECTED_FLAG}=1" ${MARKUP_PROBE}>`,
  `<script ${MARKUP_PROBE}>window.${INJECTED_FLAG}=1</script>`,
  `"><svg ${MARKUP_PROBE} onload="window.${INJECTED_FLAG}=1">`,
  `javascript:window.${INJECTED_FLAG}=1`,
  `{@html '<b ${MARKUP_PROBE}>x</b>'}`,
  `<b ${MARKUP_PROBE}>${'&lt;'.repeat(3)}</b>`,
);

const numberLike = fc.oneof(
  fc.integer().map(String),
  fc.integer({ min: -64, max: 8192 }).map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '-0',
    '0x40',
    '1e3',
    ' 64 ',
    '+5',
    '.5',
    '5.',
    '1_000',
  ),
);

const text = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'on', 'off', 'TRUE', 'bf16', 'int8'),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('\u202Eevil\u202C', 'e\u0301\u0301\u0301', '😀'.repeat(5), '١٢٣'),
);

/** Longer than any prompt box takes (2,000 characters), short enough to travel in a link. */
const long = fc.string({
  unit: fc.constantFrom('a', 'b', ' ', 'é', '😀'),
  minLength: 2_100,
  maxLength: 2_600,
});

/** One value a link might carry. */
export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: numberLike, weight: 4 },
  { arbitrary: text, weight: 4 },
  { arbitrary: markup, weight: 2 },
  { arbitrary: long, weight: 1 },
);

/** A key no control owns: misspelt, empty, dotted oddly, or markup. */
const unknownKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  markup,
  fc.constantFrom('', '.', 'x.', '.y', 'a.b.c'),
);

/** One fuzzed address: the pairs it carries, in order, and the query string they make. */
export interface HostileQuery {
  params: [key: string, value: string][];
  search: string;
}

/**
 * Longest query string a case makes, in characters once encoded. Node's HTTP server (behind `astro preview`) refuses
 * request headers over 16 KiB, and common static hosts accept about 8 KB; a link longer than that never reaches
 * the page, so the longest values are left out until the query fits.
 */
export const MAX_QUERY_CHARS = 8_000;

function encode(params: [string, string][]): string {
  return `?${new URLSearchParams(params).toString()}`;
}

/**
 * `count` query strings from `seed`. Case i sets a random, non-empty subset of the keys in `groups[i % groups.length]`
 * (one widget's controls) to hostile values, and adds up to three keys that no control owns; a page without
 * controls gets only the unknown keys. Every key appears at most once.
 */
export function hostileQueries(groups: readonly string[][], seed: number, count: number): HostileQuery[] {
  const unknown = fc.array(fc.tuple(unknownKey, hostileValue), { maxLength: 3 });
  return Array.from({ length: count }, (_, i) => {
    const keys = groups.length > 0 ? groups[i % groups.length]! : [];
    const known = fc
      .subarray(keys, { minLength: Math.min(1, keys.length) })
      .chain((chosen) => fc.tuple(...chosen.map((key) => fc.tuple(fc.constant(key), hostileValue))));
    const [pairs] = fc.sample(fc.tuple(known, unknown), { seed: seed + i, numRuns: 1 });
    const params: [string, string][] = [];
    for (const [key, value] of [...pairs![0], ...pairs![1]]) {
      if (!params.some(([k]) => k === key)) params.push([key, value]);
    }
    while (encode(params).length > MAX_QUERY_CHARS) {
      const longest = params.reduce((a, b, j) => (b[1].length > params[a]![1].length ? j : a), 0);
      params.splice(longest, 1);
    }
    return { params, search: encode(params) };
  });
}
