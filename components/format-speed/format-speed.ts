/**
 * Decode speed per weight format: the Llama-shaped synthetic sizes this widget offers (every input width a multiple
 * of 128, so groups of 32 and 128 divide it), the formats it loads each in, the session one batch-1 measurement
 * needs, and per format the bytes a step moves (engine/measure's op counts in the format, scales and zero-points
 * included), what the measured step achieves against the device's copy bandwidth, and the analytic prediction:
 * the slower of those bytes ÷ the measured copy bandwidth and the FLOPs ÷ the measured peak, the rule of
 * engine/analytic's decode step that lesson 1's measured widgets use.
 */
import {
  analytic,
  matrixBytes,
  parameterCount,
  schemeName,
  shapeOf,
  stepOpCounts,
  sumCosts,
  syntheticConfig,
  type DeviceRates,
  type LlamaConfig,
  type SessionShape,
  type WeightScheme,
} from '@engine/index';
import { formatCount, formatNumber, formatSeconds, formatSi, listed } from '../charts/format';
import { schemeFits, type ModelOffer } from '../frame/model-fit';

/** Longest position the sizes hold: the context, the timed steps and more. */
const POSITIONS = 512;

/** One size: Llama proportions with F a multiple of 128 (8/3·D rounded up to 128). */
function llamaShaped(width: number, layers: number): LlamaConfig {
  return syntheticConfig({
    width,
    layers,
    mlpWidth: Math.ceil((width * 8) / 3 / 128) * 128,
    maxPositions: POSITIONS,
  });
}

/** Llama 2 7B's shape (D 4096, 32 layers, F 11008, 32 heads of 128) with the synthetic byte vocabulary. */
export const LLAMA2_7B_SHAPE: LlamaConfig = syntheticConfig({
  width: 4096,
  layers: 32,
  heads: 32,
  mlpWidth: 11008,
  maxPositions: POSITIONS,
});

/** The largest size: its f32 weights (26 GB) are left out; it loads from f16 down. */
export const LARGEST = 'llama-2-7b';

/** The sizes offered, smallest first: labelled with parameters and the bytes of their largest format. */
export function formatSizes(): ModelOffer[] {
  const sizes: [string, LlamaConfig, boolean][] = [
    ['xs', llamaShaped(128, 2), true],
    ['s', llamaShaped(256, 4), true],
    ['m', llamaShaped(512, 8), false],
    ['l', llamaShaped(1024, 12), false],
    ['xl', llamaShaped(1536, 16), false],
    ['xxl', llamaShaped(2048, 14), false],
    [LARGEST, LLAMA2_7B_SHAPE, false],
  ];
  return sizes.map(([id, config, cpu]) => {
    const parameters = parameterCount(config);
    // The bytes of the largest format loaded: f32, or f16 for the Llama 2 7B shape.
    const [name, bytes, largest] = id === LARGEST ? ['Llama 2 7B shape · ', 2, 'f16'] : ['', 4, 'f32'];
    return {
      id,
      config,
      cpu,
      label: `${name}${formatCount(parameters, 2)} parameters · ${formatSi(parameters * bytes, 'B', 2)} in ${largest}`,
    };
  });
}

/** The size a reader starts with: large enough on a GPU for the step to be mostly reading weights. */
export const FORMAT_SIZE = 'l';

export interface SpeedFormat {
  id: string;
  /** Short name: f32, f16, int8 per channel, int4 g128, int4 g32. */
  name: string;
  scheme: WeightScheme;
}

const format = (id: string, scheme: WeightScheme): SpeedFormat => ({ id, name: schemeName(scheme), scheme });

/** Every format measured, most bytes first (the chart's order); loaded the other way, fewest bytes first. */
export const SPEED_FORMATS: readonly SpeedFormat[] = [
  format('f32', { kind: 'f32' }),
  format('f16', { kind: 'f16' }),
  format('int8', { kind: 'int', bits: 8, group: 'row', zeroPoint: false }),
  format('int4-g32', { kind: 'int', bits: 4, group: 32, zeroPoint: false }),
  format('int4-g128', { kind: 'int', bits: 4, group: 128, zeroPoint: false }),
];

/**
 * The formats measured for an offer: the reader's own model in every format whose groups divide its input widths
 * (D for the projections from the residual stream, N·H for the output projection, F for the down projection).
 */
export function formatsOf(offer: ModelOffer): readonly SpeedFormat[] {
  if (!offer.own) return formatsFor(offer.id);
  return SPEED_FORMATS.filter(({ scheme }) => schemeFits(offer.config, scheme));
}

/** Why an offer is not measured in every format, or undefined when it is. */
export function formatsNote(offer: ModelOffer): string | undefined {
  if (offer.id === LARGEST)
    return 'The Llama 2 7B shape is measured from f16 down: in f32 it would need 26 GB.';
  const left = SPEED_FORMATS.filter((f) => !formatsOf(offer).includes(f));
  if (left.length === 0) return undefined;
  const { hiddenSize: D, intermediateSize: F, numHeads: N, headDim: H } = offer.config;
  const [verb, their] = left.length === 1 ? ['is', 'its'] : ['are', 'their'];
  return `${listed(left.map((f) => f.name))} ${verb} left out: ${their} groups do not divide every input width of this model (D ${D}, N·H ${N * H}, F ${F}).`;
}

/** The formats measured for size `sizeId`: all, but the Llama 2 7B shape from f16 down. */
export function formatsFor(sizeId: string): readonly SpeedFormat[] {
  return sizeId === LARGEST ? SPEED_FORMATS.filter((f) => f.id !== 'f32') : SPEED_FORMATS;
}

/** Tokens cached before the timed steps: a short context, so the step is mostly the weights. */
export const FORMAT_CONTEXT = 32;

/** Most timed steps a reader may ask for. */
export const MAX_STEPS = 64;

/** One sequence: the context prefilled in one step, then an untimed step and up to MAX_STEPS timed ones. */
export const FORMAT_SHAPE: SessionShape = {
  blockSize: 16,
  numBlocks: Math.ceil((FORMAT_CONTEXT + MAX_STEPS + 2) / 16),
  maxTokens: FORMAT_CONTEXT,
  maxLogitRows: 1,
};

/** Bytes of one block's linear layers in `scheme`, scales and zero-points included. */
function blockBytes(config: LlamaConfig, scheme: WeightScheme): number {
  return analytic.blockLinears(shapeOf(config)).reduce((sum, { O, I }) => sum + matrixBytes(scheme, O, I), 0);
}

/** Bits stored per weight of the blocks' linear layers, scales and zero-points included. */
export function linearBitsPerWeight(config: LlamaConfig, scheme: WeightScheme): number {
  const weights = analytic.blockLinears(shapeOf(config)).reduce((sum, { O, I }) => sum + O * I, 0);
  return (8 * blockBytes(config, scheme)) / weights;
}

/** What the timed steps cost by the engine's op counts, averaged over them. */
export interface StepCost {
  /** Bytes one step must move: weights as stored, KV cache and activations. */
  bytes: number;
  flops: number;
}

/**
 * The mean cost of the `steps` timed batch-1 steps of the decode-sweep job after FORMAT_CONTEXT cached tokens and
 * one untimed step (timed step i attends over FORMAT_CONTEXT + 1 + i cached tokens), weights in `scheme`.
 */
export function stepCost(config: LlamaConfig, scheme: WeightScheme, steps: number): StepCost {
  let bytes = 0;
  let flops = 0;
  for (let i = 0; i < steps; i++) {
    const costs = sumCosts(
      stepOpCounts(config, [{ cached: FORMAT_CONTEXT + 1 + i, newTokens: 1 }], 1, scheme),
    );
    bytes += costs.bytes;
    flops += costs.flops;
  }
  return { bytes: bytes / steps, flops: flops / steps };
}

/** One format, measured and predicted. */
export interface FormatPoint {
  id: string;
  name: string;
  bitsPerWeight: number;
  /** Bytes per step, counted. */
  bytes: number;
  /** Mean wall-clock seconds per step, logits read back (measured). */
  stepSeconds: number;
  tokensPerSecond: number;
  /** Counted bytes ÷ measured step time. */
  achievedBandwidth: number;
  /** achievedBandwidth ÷ the measured copy bandwidth; undefined without the device's rates. */
  shareOfCopy?: number;
  /** The analytic step from the measured rates; undefined without them. */
  predictedSeconds?: number;
}

/** A format's point from its measured step time and, where measured, the device's rates. */
export function formatPoint(
  config: LlamaConfig,
  format: SpeedFormat,
  steps: number,
  stepSeconds: number,
  rates: DeviceRates | undefined,
): FormatPoint {
  const { bytes, flops } = stepCost(config, format.scheme, steps);
  const achievedBandwidth = bytes / stepSeconds;
  return {
    id: format.id,
    name: format.name,
    bitsPerWeight: linearBitsPerWeight(config, format.scheme),
    bytes,
    stepSeconds,
    tokensPerSecond: 1 / stepSeconds,
    achievedBandwidth,
    ...(rates && {
      shareOfCopy: achievedBandwidth / rates.copyBandwidth,
      predictedSeconds: Math.max(bytes / rates.copyBandwidth, flops / rates.peakFlops),
    }),
  };
}

/** What a run measured: a point per format (fewest bytes first as they arrive), and the copy bandwidth if known. */
export interface FormatSpeed {
  points: FormatPoint[];
  copyBandwidth?: number;
}

/** The points in the chart's order (most bytes first). */
export function chartOrder(points: readonly FormatPoint[]): FormatPoint[] {
  const rank = (p: FormatPoint) => SPEED_FORMATS.findIndex((f) => f.id === p.id);
  return [...points].sort((a, b) => rank(a) - rank(b));
}

/** How many times faster `fast` decodes than `slow`, measured and predicted; undefined unless both were measured. */
export function speedup(points: readonly FormatPoint[], slow: string, fast: string) {
  const a = points.find((p) => p.id === slow);
  const b = points.find((p) => p.id === fast);
  if (!a || !b) return undefined;
  const predicted =
    a.predictedSeconds && b.predictedSeconds ? a.predictedSeconds / b.predictedSeconds : undefined;
  return { measured: a.stepSeconds / b.stepSeconds, predicted };
}

const percent = (fraction: number) => `${formatNumber(100 * fraction, 2)} %`;

/** The figures beside the chart: the copy bandwidth, int4 g128's speed-up over f16, and the best rate. */
export function formatReadout({ points, copyBandwidth }: FormatSpeed) {
  if (!points.length) return [];
  const best = points.reduce((a, b) => (b.tokensPerSecond > a.tokensPerSecond ? b : a));
  const gain = speedup(points, 'f16', 'int4-g128');
  return [
    ...(copyBandwidth
      ? [{ label: 'Copy bandwidth', value: formatSi(copyBandwidth, 'B/s'), provenance: 'measured' as const }]
      : []),
    {
      label: 'Fastest',
      value: `${best.name}: ${formatNumber(best.tokensPerSecond)} tokens/s`,
      provenance: 'measured' as const,
    },
    ...(gain
      ? [
          {
            label: 'int4 g128 over f16',
            value: `×${formatNumber(gain.measured, 2)}`,
            provenance: 'measured' as const,
          },
          ...(gain.predicted
            ? [{ label: 'int4 g128 over f16, predicted', value: `×${formatNumber(gain.predicted, 2)}` }]
            : []),
        ]
      : []),
  ];
}

/** What the run shows, in sentences: each format's step and share of copy, the gain, and the prediction's gap. */
export function describeFormatSpeed({ points }: FormatSpeed, where: string): string {
  if (!points.length) return 'Not measured yet.';
  const ordered = chartOrder(points);
  const each = ordered
    .map(
      (p) =>
        `${p.name} ${formatSeconds(p.stepSeconds)} (${formatSi(p.bytes, 'B')} per step` +
        `${p.shareOfCopy === undefined ? '' : `, ${percent(p.shareOfCopy)} of the copy bandwidth`})`,
    )
    .join('; ');
  const first = ordered[0]!;
  const last = ordered.at(-1)!;
  const gain =
    first === last
      ? ''
      : ` ${last.name} moves ${formatNumber(first.bytes / last.bytes, 2)} times fewer bytes per step than ${first.name} ` +
        `and decodes ${formatNumber(first.stepSeconds / last.stepSeconds, 2)} times as fast.`;
  const predicted = ordered.filter((p) => p.predictedSeconds !== undefined);
  const ratios = predicted.map((p) => p.stepSeconds / p.predictedSeconds!);
  const gap = ratios.length
    ? ` Measured steps take ${formatNumber(Math.min(...ratios), 2)} to ${formatNumber(Math.max(...ratios), 2)} times ` +
      'the analytic prediction from your measured copy bandwidth; the prediction counts only bytes and FLOPs, ' +
      'not launching kernels, unpacking codes or reading the logits back.'
    : '';
  return `Measured on ${where}, one sequence, batch-1 decode steps: ${each}.${gain}${gap}`;
}

/** The data table: one row per format, measured and analytic side by side. */
export const FORMAT_COLUMNS = [
  'Format',
  'Bits per weight (linear layers)',
  'Bytes per step (counted)',
  'Step time, measured',
  'Tokens/s, measured',
  'Achieved bytes/s (counted ÷ measured)',
  'Share of copy bandwidth',
  'Step time, analytic',
  'Tokens/s, analytic',
];

export function formatRows(points: readonly FormatPoint[]): string[][] {
  return chartOrder(points).map((p) => [
    p.name,
    formatNumber(p.bitsPerWeight, 3),
    formatSi(p.bytes, 'B'),
    formatSeconds(p.stepSeconds),
    formatNumber(p.tokensPerSecond),
    formatSi(p.achievedBandwidth, 'B/s'),
    p.shareOfCopy === undefined ? '—' : percent(p.shareOfCopy),
    p.predictedSeconds === undefined ? '—' : formatSeconds(p.predictedSeconds),
    p.predictedSeconds === undefined ? '—' : formatNumber(1 / p.predictedSeconds),
  ]);
}
