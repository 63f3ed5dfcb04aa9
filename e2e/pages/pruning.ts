// Page object for lesson 5, pruning and distillation: its six engine widgets and their actions, and the readout's
// numbers as the widgets write them.
import { EngineLesson, firstNumber } from './engine-lesson';

export { firstNumber };

export type PruningWidget =
  | 'importance-map'
  | 'prune-live'
  | 'prune-sweep'
  | 'sparsity-contrast'
  | 'next-token-match'
  | 'teacher-match';

/** Each widget's run button. The importance map and the next-token match also run by themselves. */
export const ACTIONS: Record<PruningWidget, string> = {
  'importance-map': 'Score the parts',
  'prune-live': 'Prune and measure',
  'prune-sweep': 'Sweep the share pruned',
  'sparsity-contrast': 'Measure all four',
  'next-token-match': 'Run both models',
  'teacher-match': 'Compare the models',
};

/** The multiple in a readout figure ("40.2 MB (×0.512)" → 0.512). */
export function ratio(text: string | null): number {
  const match = /\(×([\d.,]+)\)/.exec(text ?? '');
  if (!match) throw new Error(`no ratio in “${text}”`);
  return Number(match[1]!.replaceAll(',', ''));
}

/** A count in words as the widgets write it ("10.2 million", "812,544") as a number. */
export function count(text: string): number {
  const scale = /million/.test(text) ? 1e6 : /billion/.test(text) ? 1e9 : 1;
  return firstNumber(text) * scale;
}

export class PruningLesson extends EngineLesson<PruningWidget> {
  constructor(page: EngineLesson<PruningWidget>['page']) {
    super(page, 'pruning-distillation', ACTIONS);
  }
}
