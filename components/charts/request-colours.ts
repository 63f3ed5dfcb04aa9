/**
 * One colour per request (or per sequence of a cache), the same in every chart and list of a widget, so a request is
 * followed from one chart to the next and to its text. Observable's ten categorical colours without its grey, which
 * marks idle slots in lesson 7; past nine the colours repeat, and the charts label what they colour.
 */
const COLOURS = [
  '#4269d0',
  '#efb118',
  '#ff725c',
  '#6cc5b0',
  '#3ca951',
  '#ff8ab7',
  '#a463f2',
  '#97bbf5',
  '#9c6b4e',
] as const;

export const requestColour = (id: number): string => COLOURS[id % COLOURS.length]!;

/** A request as the reader sees it: numbered from 1 in order of arrival. */
export const requestName = (id: number): string => `#${id + 1}`;

/** The colour scale over requests 0 … count − 1. */
export function requestColourScale(count: number) {
  const ids = Array.from({ length: count }, (_, id) => id);
  return { type: 'ordinal' as const, domain: ids, range: ids.map(requestColour) };
}
