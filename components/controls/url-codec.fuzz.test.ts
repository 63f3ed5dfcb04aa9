// Every codec a control reads the address with, fed thousands of seeded hostile values (the fuzzed addresses'
// own generator): each parse gives a value the control can hold, a note exactly when the text was not used as
// given, a note of bounded length, and a value that survives being written back to the address. Each codec reports
// how many values it corrected as a figure (reporters/unit-figures.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIGURE } from '../../reporters/unit-figures';
import { hostileValue } from '../testing/hostile-address';
import { promptCodec } from './prompt-codec';
import { MAX_PROMPT_CHARS } from './linked-prompt.svelte';
import { powersOfTwo } from './ticks';
import {
  choiceCodec,
  NOTE_QUOTE_CHARS,
  numberCodec,
  tickCodec,
  toggleCodec,
  type UrlCodec,
} from './url-codec';

const RUNS = 2_000;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SEED = 20261201;

/** A note says what was asked and what is used: the quoted text is cut, so the whole note stays short. */
const LONGEST_NOTE = NOTE_QUOTE_CHARS + 120;

function checkCodec<T>(
  codec: UrlCodec<T>,
  valid: (value: T) => boolean,
  asGiven: (raw: string, value: T) => boolean,
) {
  let corrected = 0;
  fc.assert(
    fc.property(hostileValue, (raw) => {
      const { value, note } = codec.parse(raw);
      expect(valid(value), `value for “${raw.slice(0, 60)}”`).toBe(true);
      expect(note === undefined, `note for “${raw.slice(0, 60)}”: ${note}`).toBe(asGiven(raw, value));
      if (note !== undefined) {
        corrected++;
        expect(Array.from(note).length).toBeLessThanOrEqual(LONGEST_NOTE);
      }
      expect(codec.parse(codec.format(value))).toEqual({ value });
    }),
    { seed: SEED, numRuns: RUNS },
  );
  return corrected;
}

describe('the address codecs under fuzzed values', () => {
  it('numbers stay in range and on the step grid', async ({ annotate }) => {
    const ranges = [
      { min: 1, max: 4096, step: 1 },
      { min: 0, max: 1, step: 0.05 },
      { min: 64, max: 8192, step: 64 },
      { min: -2, max: 2, step: 0.1 },
    ];
    for (const range of ranges) {
      const onGrid = (v: number) =>
        Math.abs((v - range.min) / range.step - Math.round((v - range.min) / range.step)) < 1e-6;
      const corrected = checkCodec(
        numberCodec(range, range.min),
        (v) => Number.isFinite(v) && v >= range.min && v <= range.max && onGrid(v),
        (raw, v) => raw.trim() !== '' && Number(raw) === v,
      );
      await annotate(
        `fuzz number codec [${range.min}, ${range.max}] by ${range.step}: ${RUNS} values, ${corrected} corrected`,
        FIGURE,
      );
    }
  });

  it('tick values land on a tick', async ({ annotate }) => {
    const ticks = powersOfTwo(1, 4096);
    const corrected = checkCodec(
      tickCodec(ticks, 8, 'is not a power of two'),
      (v) => ticks.includes(v),
      (raw, v) => raw.trim() !== '' && Number(raw) === v,
    );
    await annotate(`fuzz tick codec: ${RUNS} values, ${corrected} corrected`, FIGURE);
  });

  it('choices are one of the options', async ({ annotate }) => {
    const options = ['bf16', 'int8', 'int4'] as const;
    const corrected = checkCodec(
      choiceCodec(options, 'bf16'),
      (v) => options.includes(v),
      (raw, v) => raw === v,
    );
    await annotate(`fuzz choice codec: ${RUNS} values, ${corrected} corrected`, FIGURE);
  });

  it('switches are on or off', async ({ annotate }) => {
    const words = ['1', 'true', 'on', 'yes', '0', 'false', 'off', 'no'];
    const corrected = checkCodec(
      toggleCodec(false),
      (v) => typeof v === 'boolean',
      (raw) => words.includes(raw.trim().toLowerCase()),
    );
    await annotate(`fuzz switch codec: ${RUNS} values, ${corrected} corrected`, FIGURE);
  });

  it('prompts fit the box and are cut at a whole character', async ({ annotate }) => {
    const corrected = checkCodec(
      promptCodec('Once upon a time', MAX_PROMPT_CHARS),
      (v) => v.length <= MAX_PROMPT_CHARS && !LONE_SURROGATE.test(v),
      (raw, v) => raw === v,
    );
    await annotate(`fuzz prompt codec: ${RUNS} values, ${corrected} cut`, FIGURE);
  });
});
