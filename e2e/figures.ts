// Figures a journey measured, for the run's summary (e2e/summary-reporter.ts): each is an annotation of one type, so
// the reporter can gather them from every test without reading its output.
import { test } from '@playwright/test';

/** The annotation types the summary gathers: a figure, each page path a test opened, the requests it checked. */
export const FIGURE = 'figure';
export const PAGE_OPENED = 'page opened';
export const REQUESTS_CHECKED = 'requests checked';

/** Record `text` as one of this run's figures (a sentence with its numbers and units). */
export function reportFigure(text: string): void {
  test.info().annotations.push({ type: FIGURE, description: text });
}
