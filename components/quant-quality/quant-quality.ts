/**
 * What the quality widget measures and shows, apart from running it: the session a held-out window is scored in,
 * how many windows run on this device, bits per weight of the block linears as the engine lays them out, and the
 * measured scores as table rows, a readout and sentences, each beside the PyTorch reference where it scored the
 * same tokens.
 */
import {
  analytic,
  matrixBytes,
  shapeOf,
  type LlamaConfig,
  type ProbeResult,
  type SessionRequest,
  type SessionShape,
  type TextScore,
  type WeightScheme,
} from '@engine/index';
import { formatInteger, formatNumber, formatSi } from '../charts/format';
import type { TrainedModel } from '../frame/model-fit';
import { trainedSession } from '../frame/session-request';
import { BASELINE, type QualityScheme } from './quality-schemes';
import {
  REFERENCE_WINDOWS,
  referenceScore,
  type QuantizedPerplexityFixture,
  type ReferenceScore,
} from './reference';

/** Windows scored per scheme: at most this many on a GPU, and this many on the CPU fallback. */
export const MAX_WINDOWS = 8;
export const CPU_WINDOWS = 1;

/**
 * The session scoring `model` with its block linears stored as `scheme` says; AWQ's rows calibrate on the text after
 * the most windows any run scores, so no scored token is seen during calibration.
 */
export function qualitySession(
  model: Pick<TrainedModel, 'path'>,
  scheme: QualityScheme,
  window: number,
  text: string,
): SessionRequest {
  const session = trainedSession(model, qualityShape(window), scheme.weights);
  return scheme.awq
    ? { ...session, awq: { calibrationText: text, skipTokens: MAX_WINDOWS * window } }
    : session;
}

/** A change of perplexity this small (a fraction of f32's) counts as none worth paying for. */
export const NEAR = 0.01;
const nearWords = `${formatNumber(NEAR * 100)} %`;

/** One sequence of `window` tokens, prefilled in one step with every row's logits kept. */
export function qualityShape(window: number): SessionShape {
  const blockSize = 16;
  return { blockSize, numBlocks: Math.ceil(window / blockSize), maxTokens: window, maxLogitRows: window };
}

export interface ClampedWindows {
  windows: number;
  /** Why it differs from the number asked for, or ''. */
  note: string;
}

/**
 * The windows to score here: at most MAX_WINDOWS, and CPU_WINDOWS on the CPU fallback, saying so of `each` thing
 * scored ("scheme", "model").
 */
export function clampWindows(probe: ProbeResult | undefined, asked: number, each = 'scheme'): ClampedWindows {
  const cpu = probe?.backend === 'cpu';
  const windows = Math.max(1, Math.min(asked, cpu ? CPU_WINDOWS : MAX_WINDOWS));
  const note = cpu && windows < asked ? `On the CPU each ${each} scores ${windowWords(windows)}.` : '';
  return { windows, note };
}

/** "one window", "8 windows". */
export function windowWords(windows: number): string {
  return windows === 1 ? 'one window' : `${formatInteger(windows)} windows`;
}

/** Bits stored per weight of a model's block linears in `weights`, scales and zero-points included. */
export function linearBits(config: LlamaConfig, weights: WeightScheme): number {
  const linears = analytic.blockLinears(shapeOf(config));
  const bytes = linears.reduce((sum, { O, I }) => sum + matrixBytes(weights, O, I), 0);
  return (8 * bytes) / linears.reduce((sum, { O, I }) => sum + O * I, 0);
}

/** What one run measures: each scheme in turn, `windows` windows of `window` tokens each. */
export interface QualityPlan {
  schemes: readonly QualityScheme[];
  window: number;
  windows: number;
  /** The model scored: its offer's label, its config, and whether it is the reader's own. */
  model?: string;
  config?: LlamaConfig;
  yours?: boolean;
}

/** A scheme's score so far (fewer windows than asked while it is being scored). */
export interface SchemeScore {
  scheme: QualityScheme;
  score: TextScore;
}

/** A run's scores, in the order measured, and the windows each scheme was asked to score. */
export interface QualityResult {
  windows: number;
  scores: SchemeScore[];
}

/** One scheme as the chart and the table show it. */
export interface QualityRow {
  name: string;
  /** Counted from the layout (engine/quant's matrixBytes). */
  bitsPerWeight: number;
  /** Every weight as the engine stores it, from its session. */
  weightBytes: number;
  /** Measured: mean NLL per predicted token, and its exponential. */
  nats: number;
  perplexity: number;
  /** Perplexity against f32's, as a fraction (0.01 = 1 % higher), once f32 was measured. */
  change?: number;
  tokens: number;
  windows: number;
  /** Whether every window asked for was scored; false while the scheme is still being scored. */
  complete: boolean;
  /** The PyTorch reference on the same tokens, when it scored them. */
  reference?: ReferenceScore;
}

/** The result's rows, measured beside the reference (`fixture`) where it scored the same tokens. */
export function qualityRows(
  result: QualityResult | undefined,
  config: LlamaConfig,
  reference: QuantizedPerplexityFixture,
): QualityRow[] {
  if (!result) return [];
  const complete = (s: SchemeScore) => s.score.windows === result.windows;
  const base = result.scores.find((s) => s.scheme.name === BASELINE.name && complete(s));
  return result.scores.map((s) => {
    const { meanNll, perplexity, tokens, windows, weightBytes } = s.score;
    const done = complete(s);
    const same = done ? referenceScore(reference, s.scheme.name, windows) : undefined;
    return {
      name: s.scheme.name,
      bitsPerWeight: linearBits(config, s.scheme.weights),
      weightBytes,
      nats: meanNll,
      perplexity,
      ...(base && { change: perplexity / base.score.perplexity - 1 }),
      tokens,
      windows,
      complete: done,
      ...(same?.tokens_scored === tokens && { reference: same }),
    };
  });
}

/** A change as a signed percentage: "+3.2 %", "−0.05 %", "0 %". */
export function formatChange(change: number): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '';
  return `${sign}${formatNumber(Math.abs(change) * 100, 2)} %`;
}

/** A perplexity or NLL to four significant digits, enough to set a measurement beside its reference. */
const score = (value: number) => formatNumber(value, 4);

/** "4.25 bits per weight". */
const bits = (row: QualityRow) => `${formatNumber(row.bitsPerWeight)} bits per weight`;

/** The data table's columns, naming where the reference was computed. */
export function qualityColumns(reference: QuantizedPerplexityFixture): string[] {
  return [
    'Scheme',
    'Bits per weight, block linears (counted, scales and zero-points included)',
    'Weights as stored (MB; engine, this device)',
    'Nats per token (measured, this device)',
    'Perplexity (measured, this device)',
    'Change vs f32 (%, measured)',
    'Tokens scored (measured)',
    `Perplexity (reference: PyTorch, ${reference.device})`,
  ];
}

/** A row's cells under qualityColumns. */
export function qualityCells(row: QualityRow): string[] {
  return [
    row.name,
    formatNumber(row.bitsPerWeight),
    formatNumber(row.weightBytes / 1e6),
    score(row.nats),
    score(row.perplexity),
    row.change === undefined ? '—' : formatChange(row.change),
    `${formatInteger(row.tokens)}${row.complete ? '' : ' (scoring…)'}`,
    row.reference ? score(row.reference.perplexity) : '—',
  ];
}

/** The rows scored to the end. */
const finished = (rows: readonly QualityRow[]) => rows.filter((r) => r.complete);

/** The scheme with the fewest bits whose perplexity stays within NEAR of f32's, if any besides f32. */
function nearest(rows: readonly QualityRow[]): QualityRow | undefined {
  const near = finished(rows).filter(
    (r) => r.name !== BASELINE.name && r.change !== undefined && Math.abs(r.change) <= NEAR,
  );
  return near.sort((a, b) => a.bitsPerWeight - b.bitsPerWeight)[0];
}

/** The scheme with the fewest bits measured. */
function fewest(rows: readonly QualityRow[]): QualityRow | undefined {
  return [...finished(rows)].sort((a, b) => a.bitsPerWeight - b.bitsPerWeight)[0];
}

/** How much worse than f32: "+3.2 % on f32" for a small change, "3.1 times f32’s" for a large one. */
function against(row: QualityRow): string {
  const ratio = 1 + row.change!;
  return ratio >= 1.5 ? `${formatNumber(ratio, 2)} times f32’s` : `${formatChange(row.change!)} on f32`;
}

/** The largest gap between a measurement and its reference, as a fraction of the reference, and how many. */
export function referenceGap(rows: readonly QualityRow[]): { gap: number; count: number } | undefined {
  const compared = rows.filter((r) => r.reference);
  if (!compared.length) return undefined;
  const gaps = compared.map((r) => Math.abs(r.perplexity / r.reference!.perplexity - 1));
  return { gap: Math.max(...gaps), count: compared.length };
}

/** What the measurements show, in sentences computed from them. */
export function describeQuality(rows: readonly QualityRow[], where: string, window: number): string {
  const done = finished(rows);
  const base = done.find((r) => r.name === BASELINE.name);
  if (!base) return `Measured on ${where}: no scheme has been scored to the end yet.`;
  const parts = [
    `Measured on ${where}, ${windowWords(base.windows)} of ${formatInteger(window)} held-out tokens ` +
      `(${formatInteger(base.tokens)} predictions per scheme): f32 scores a perplexity of ${score(base.perplexity)} ` +
      `(${score(base.nats)} nats per token).`,
  ];
  const near = nearest(rows);
  if (near)
    parts.push(
      `${near.name}, at ${bits(near)}, stays within ${nearWords} of it (${formatChange(near.change!)}).`,
    );
  const last = fewest(rows);
  if (last && last !== base && last !== near) {
    parts.push(`${last.name}, at ${bits(last)}, scores ${score(last.perplexity)}, ${against(last)}.`);
  }
  const gap = referenceGap(rows);
  if (!gap && !(REFERENCE_WINDOWS as readonly number[]).includes(base.windows)) {
    const [first, heldout] = REFERENCE_WINDOWS;
    parts.push(
      `The PyTorch reference scored ${windowWords(first)} and ${windowWords(heldout)}; ` +
        'choose one of those to see it beside these.',
    );
  }
  if (gap) {
    const device = rows.find((r) => r.reference)!.reference!.device;
    const schemes = gap.count === 1 ? 'the one scheme' : `each of the ${formatInteger(gap.count)} schemes`;
    parts.push(
      `The PyTorch reference (${device}), on the same tokens, agrees within ` +
        `${formatNumber(gap.gap * 100, 2)} % for ${schemes} it scored.`,
    );
  }
  return parts.join(' ');
}

/**
 * What the bits per weight leave out: the embedding and output head the scheme does not touch, so all the weights
 * as the engine holds them shrink less than the block linears. Undefined until two schemes are scored.
 */
export function describeStored(rows: readonly QualityRow[]): string | undefined {
  const done = [...finished(rows)].sort((a, b) => b.weightBytes - a.weightBytes);
  const [largest, smallest] = [done[0], done.at(-1)];
  if (!largest || !smallest || largest.weightBytes === smallest.weightBytes) return undefined;
  return (
    'Bits per weight count only the block linears, scales and zero-points included. The embedding stays in f32 ' +
    'and the output head in 16 bits, so all the weights as the engine stores them shrink less: from ' +
    `${formatSi(largest.weightBytes, 'B')} (${largest.name}) to ${formatSi(smallest.weightBytes, 'B')} ` +
    `(${smallest.name}), ${formatNumber(largest.weightBytes / smallest.weightBytes, 2)} times smaller, ` +
    `against ${formatNumber(largest.bitsPerWeight / smallest.bitsPerWeight, 2)} times fewer bits per weight.`
  );
}

/** Figures above the chart, all measured here. */
export function qualityReadout(rows: readonly QualityRow[]) {
  const base = finished(rows).find((r) => r.name === BASELINE.name);
  if (!base) return [];
  const near = nearest(rows);
  const last = fewest(rows);
  return [
    { label: 'f32 perplexity', value: score(base.perplexity), provenance: 'measured' as const },
    ...(near
      ? [
          {
            label: `Fewest bits within ${nearWords} of f32`,
            value: `${near.name}, ${formatNumber(near.bitsPerWeight)} bits`,
            provenance: 'measured' as const,
          },
        ]
      : []),
    ...(last && last !== base
      ? [
          {
            label: `${last.name} ÷ f32 perplexity`,
            value: `× ${formatNumber(1 + last.change!, 3)}`,
            provenance: 'measured' as const,
          },
        ]
      : []),
    { label: 'Tokens per scheme', value: formatInteger(base.tokens), provenance: 'measured' as const },
  ];
}
