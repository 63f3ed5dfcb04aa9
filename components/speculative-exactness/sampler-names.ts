/**
 * What the exactness widget calls its two samplers and the rules the reader can give the speculative one: the
 * labels of the rule control, and the names the legend, the tables and the sentences use.
 */
import type { FirstTokenRule } from '@engine/index';

/** The rule control's options: speculative sampling's own rule and the two wrong ones the engine offers. */
export const RULE_OPTIONS = [
  { value: 'speculative', label: "speculative sampling's rule" },
  { value: 'resample-from-p', label: 'wrong: resample a rejection from p' },
  { value: 'keep-draft', label: 'wrong: keep every drafted token' },
] as const satisfies readonly { value: FirstTokenRule; label: string }[];

/** The models' names and the rule the speculative sampler follows. */
export interface SamplerSetup {
  /** The target model's name: p is its distribution. */
  target: string;
  /** The draft model's name: q is its distribution. */
  draft: string;
  rule: FirstTokenRule;
}

const SPECULATIVE_NAMES: Record<FirstTokenRule, string> = {
  speculative: 'speculative sampling',
  'resample-from-p': 'speculative, resampling from p (wrong)',
  'keep-draft': 'speculative, keeping every draft (wrong)',
};

/** Each series' name: the two samplers, and the two distributions drawn beside them. */
export const seriesNames = (setup: SamplerSetup) => ({
  p: `p: ${setup.target} (expected)`,
  q: `q: ${setup.draft} (draft)`,
  speculative: SPECULATIVE_NAMES[setup.rule],
  target: `${setup.target} alone`,
});
