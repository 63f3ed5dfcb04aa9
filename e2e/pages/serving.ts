// Page object for lesson 7, continuous batching: its live engine widget (the same stream served static and
// continuous) and what it shows (each policy's slot chart, the metrics table, the generated texts), and the analytic
// sweep of arrival rates on the cost model.
import type { Locator } from '@playwright/test';
import { EngineLesson, firstNumber } from './engine-lesson';
import type { Widget } from './lesson-page';

export { firstNumber };

export type ServingWidget = 'serving-slots';

export const ACTIONS: Record<ServingWidget, string> = { 'serving-slots': 'Serve the stream' };

export class ServingLesson extends EngineLesson<ServingWidget> {
  constructor(page: EngineLesson<ServingWidget>['page']) {
    super(page, 'continuous-batching', ACTIONS);
  }

  /** The analytic sweep, hydrated and drawn. */
  scale(): Promise<Widget> {
    return this.widget('serving-at-scale');
  }

  /** The slot chart of `policy` ("Static batching" or "Continuous batching"), by its accessible summary. */
  slotChart(root: Locator, policy: 'Static' | 'Continuous'): Locator {
    return root.getByRole('img', { name: new RegExp(`^${policy} batching, \\d+ slots? over `) });
  }

  /** The metrics table's row `label`: its static and continuous cells, as text. */
  async metric(root: Locator, label: string): Promise<[string, string]> {
    const rows = await root
      .getByRole('region', { name: "Each policy's metrics" })
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
    const row = rows.find((cells) => cells[0] === label);
    if (!row) throw new Error(`no metric “${label}” among ${rows.map((r) => r[0]).join(', ')}`);
    return [row[1]!, row[2]!];
  }

  /** The generated texts of the first requests, each item's heading text. */
  texts(root: Locator): Locator {
    return root.getByRole('list', { name: 'Generated text of the first requests' }).getByRole('listitem');
  }
}
