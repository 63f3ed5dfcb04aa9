// Page object for lesson 6, speculative sampling: its three engine widgets and their actions, the analytic cost
// model, and what the live stream shows (its tokens, the reveal buttons, the announcement of the verification last
// shown, the chosen position's sentences).
import type { Locator } from '@playwright/test';
import { EngineLesson, firstNumber } from './engine-lesson';
import type { Widget } from './lesson-page';

export { firstNumber };

/** The widgets that run the engine; the fourth, speculative-cost, is analytic. */
export type SpeculativeWidget = 'speculative-stream' | 'speculative-exactness' | 'speculative-payoff';

/** Each engine widget's run button. The stream and the exactness test also run by themselves once the device is
 * known. */
export const ACTIONS: Record<SpeculativeWidget, string> = {
  'speculative-stream': 'Draft and verify',
  'speculative-exactness': 'Run both models',
  'speculative-payoff': 'Measure speculative decoding',
};

export class SpeculativeLesson extends EngineLesson<SpeculativeWidget> {
  constructor(page: EngineLesson<SpeculativeWidget>['page']) {
    super(page, 'speculative-sampling', ACTIONS);
  }

  /** The analytic cost model, hydrated and drawn: Llama 2 70B verifying Llama 2 7B's drafts. */
  cost(): Promise<Widget> {
    return this.widget('speculative-cost');
  }

  /** The run bar's status line (the stream has a second status line, its announcement, in its reveal bar). */
  override status(root: Locator): Locator {
    return root.locator('.actions .status-line');
  }

  /** The stream's reveal bar: Play/Pause/Replay, Step and Show all. */
  revealButton(root: Locator, name: 'Play' | 'Pause' | 'Replay' | 'Step' | 'Show all'): Locator {
    return root.getByRole('group', { name: 'Reveal the verifications' }).getByRole('button', {
      name,
      exact: true,
    });
  }

  /** The live announcement of the verification the stream shows last ("Verification 3 of 12: …"). */
  announcement(root: Locator): Locator {
    return root.getByRole('group', { name: 'Reveal the verifications' }).getByRole('status');
  }

  /**
   * Wait for the stream to announce a verification matching `pattern`, checked every animation frame (a played
   * verification is announced for 0.7 s only, shorter than an assertion's later polling intervals); its text.
   */
  async announced(pattern: RegExp, timeout: number): Promise<string> {
    const found = await this.page.waitForFunction(
      ({ source, flags }) => {
        const text = document.querySelector(
          '[data-widget="speculative-stream"] [role="group"][aria-label="Reveal the verifications"] [role="status"]',
        )?.textContent;
        return text && new RegExp(source, flags).test(text) ? text : undefined;
      },
      { source: pattern.source, flags: pattern.flags },
      { polling: 'raf', timeout },
    );
    return (await found.jsonValue()) as string;
  }

  /** The stream's tokens, each a button in its toolbar. */
  tokens(root: Locator): Locator {
    return root.getByRole('toolbar', { name: /^Generated tokens/ }).getByRole('button');
  }

  /** Every token shown, as its label says ("␣the, drafted and accepted, verification 1"). */
  tokenLabels(root: Locator): Promise<string[]> {
    return this.tokens(root).evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''));
  }

  /** The chosen position's details: its heading, the acceptance test in words, the residual after a rejection. */
  position(root: Locator): { region: Locator; fate: Locator; residual: Locator } {
    const region = root.locator('section.position-detail');
    return { region, fate: region.locator('.fate'), residual: region.locator('.residual') };
  }
}
