// Figures a journey measured, for the run's summary (e2e/summary-reporter.ts): each is an annotation of one type, so
// the reporter can gather them from every test without reading its output.
import { test } from '@playwright/test';

/** The annotation type the summary gathers. */
export const FIGURE = 'figure';

/** Record `text` as one of this run's figures (a sentence with its numbers and units). */
export function reportFigure(text: string): void {
  test.info().annotations.push({ type: FIGURE, description: text });
}
