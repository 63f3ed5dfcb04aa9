/**
 * What lesson 5's pruning widgets measure: the trained target unpruned, sliced smaller by a criterion at a
 * granularity and fraction (a smaller model), or made sparse in place (zeros, the same shapes). Each variant becomes a
 * session request; each measured point keeps the model's size as the engine loaded it, its perplexity on held-out
 * text and its decode speed.
 */
import {
  CRITERIA,
  GRANULARITIES,
  importanceOf,
  keptByImportance,
  slicedConfig,
  type Criterion,
  type Granularity,
  type LlamaConfig,
  type PruneImportanceResult,
  type SessionRequest,
  type SparsityPattern,
} from '@engine/index';
import { formatNumber } from '../charts/format';

export type PruneVariant =
  | { kind: 'unpruned' }
  | { kind: 'sliced'; criterion: Criterion; granularity: Granularity; fraction: number }
  | { kind: 'sparse'; pattern: SparsityPattern };

export const UNPRUNED: PruneVariant = { kind: 'unpruned' };

/** Granularities in words, as a reader picks them, and as a variant's label names them. */
export const GRANULARITY_LABELS: Record<Granularity, string> = {
  heads: 'Query heads (key/value heads kept)',
  groups: 'Key/value groups with their heads',
  neurons: 'MLP neurons',
  channels: 'Embedding channels',
  layers: 'Whole layers',
};

export const GRANULARITY_NAMES: Record<Granularity, string> = {
  heads: 'query heads',
  groups: 'key/value groups',
  neurons: 'MLP neurons',
  channels: 'embedding channels',
  layers: 'layers',
};

/** Criteria in words, as a reader picks them, and as a variant's label names them. */
export const CRITERION_LABELS: Record<Criterion, string> = {
  activation: 'Activations (Minitron)',
  magnitude: 'Weight magnitude',
  random: 'Random (the control)',
};

const CRITERION_NAMES: Record<Criterion, string> = {
  activation: 'by activations',
  magnitude: 'by weight magnitude',
  random: 'at random',
};

/** The criterion and granularity choices, as the widgets' controls offer them. */
export const CRITERION_OPTIONS = CRITERIA.map((value) => ({ value, label: CRITERION_LABELS[value] }));
export const GRANULARITY_OPTIONS = GRANULARITIES.map((value) => ({
  value,
  label: GRANULARITY_LABELS[value],
}));

const percent = (fraction: number) => `${formatNumber(fraction * 100)} %`;

/** A variant in a few words: "50 % of MLP neurons cut by activations", "2:4 sparsity (…)". */
export function variantLabel(variant: PruneVariant): string {
  switch (variant.kind) {
    case 'unpruned':
      return 'unpruned';
    case 'sliced':
      return `${percent(variant.fraction)} of ${GRANULARITY_NAMES[variant.granularity]} cut ${CRITERION_NAMES[variant.criterion]}`;
    case 'sparse':
      return variant.pattern.kind === '2:4'
        ? '2:4 sparsity (2 of every 4 weights zero)'
        : `${percent(variant.pattern.fraction)} of weights zeroed (unstructured)`;
  }
}

/** The model a variant loads: its config and what `SessionRequest.prune` asks (nothing when unpruned). */
export function prunedModel(
  config: LlamaConfig,
  variant: PruneVariant,
  importance?: PruneImportanceResult,
): { config: LlamaConfig; prune?: SessionRequest['prune'] } {
  if (variant.kind === 'unpruned') return { config };
  if (variant.kind === 'sparse') return { config, prune: { sparsity: variant.pattern } };
  if (importance?.criterion !== variant.criterion)
    throw new Error(`pruning by ${variant.criterion} needs that criterion's importance scores`);
  const kept = keptByImportance(config, importanceOf(importance), variant.granularity, variant.fraction);
  return { config: slicedConfig(config, kept), prune: { kept } };
}

/** One variant as measured in the reader's browser. */
export interface PrunePoint {
  variant: PruneVariant;
  /** The loaded model's config: smaller when sliced, the same when sparse. */
  config: LlamaConfig;
  parameters: number;
  /** Bytes of every weight as the engine stores them: what one batch-1 decode step reads. */
  weightBytes: number;
  /** Nats per predicted token over the scored windows, and its exponential. */
  meanNll: number;
  perplexity: number;
  tokens: number;
  /** Batch-1 decode, when the run timed it: tokens per second over how many timed steps. */
  decode?: { tokensPerSecond: number; steps: number };
}

/** The measurements of one run: the windows each variant scored, and the variants measured so far. */
export interface PruneResult {
  windows: number;
  points: PrunePoint[];
}
