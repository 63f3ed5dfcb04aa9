/**
 * One model served on one GPU with its weights in several formats (bf16, int8, int4 g128), at a chosen context
 * and batch: the memory it needs (quantized block linears, the 16-bit embedding, head and norms, the KV cache)
 * against the GPU's, the largest batch that fits, and the decode throughput at the batch. Analytic: engine/analytic's
 * quantized weights and memory-bound decode step, a published shape and a datasheet's GPU.
 */
import * as Plot from '@observablehq/plot';
import { analytic } from '@engine/index';
import { barsX } from '../charts/axes';
import { formatInteger, formatNumber, formatSi } from '../charts/format';
import { barValues, HALO } from '../charts/marks';
import { SERIES } from '../charts/palette';

/** What the chart plots per format: memory against the GPU's, or decode throughput at the batch. */
export type ServingView = 'memory' | 'speed';

export interface FormatServing {
  format: analytic.WeightFormat;
  weights: analytic.QuantizedWeights;
  /** Bits stored per weight of the block linears. */
  bitsPerWeight: number;
  /** The KV cache of the batch at the context, in bytes. */
  kvBytes: number;
  /** Largest batch that fits at the context (0 when the weights alone overflow). */
  maxBatch: number;
  /** The decode step at the batch and context, fitting or not. */
  step: analytic.DecodeStep;
}

export interface QuantizedServing {
  modelName: string;
  deviceName: string;
  deviceMemory: number;
  kvDtype: analytic.DType;
  /** Context per sequence, in tokens. */
  S: number;
  /** Sequences decoded together. */
  B: number;
  formats: FormatServing[];
}

/** The model on the device at batch B and context S, once per weight format, its KV cache in `kvDtype`. */
export function quantizedServing(
  model: analytic.ModelPreset,
  device: analytic.Hardware,
  formats: readonly analytic.WeightFormat[],
  kvDtype: analytic.DType,
  S: number,
  B: number,
): QuantizedServing {
  return {
    modelName: model.name,
    deviceName: device.name,
    deviceMemory: device.memoryBytes,
    kvDtype,
    S,
    B,
    formats: formats.map((format) => {
      const setup = { model: model.shape, device, weights: format, kvDtype };
      const step = analytic.quantizedDecodeStep(setup, B, S);
      const weights = analytic.quantizedWeights(model.shape, format);
      return {
        format,
        weights,
        bitsPerWeight: analytic.linearBitsPerWeight(model.shape, format),
        kvBytes: step.memoryBytes - weights.totalBytes,
        maxBatch: analytic.quantizedMaxBatch(setup, S),
        step,
      };
    }),
  };
}

/** "1 sequence", "8 sequences". */
const sequences = (n: number) => `${formatInteger(n)} sequence${n === 1 ? '' : 's'}`;

/** One sentence per format on whether the batch fits and how fast it decodes, for screen readers. */
export function describeQuantizedServing({
  modelName,
  deviceName,
  deviceMemory,
  S,
  B,
  formats,
}: QuantizedServing): string {
  const parts = formats.map(({ format, weights, step, maxBatch }) => {
    const need = `${format.name} needs ${formatSi(step.memoryBytes, 'B')}`;
    if (!step.fits) {
      if (maxBatch > 0) return `${need}, too much; at most ${sequences(maxBatch)} fit`;
      return weights.totalBytes > deviceMemory
        ? `${need} and its weights alone do not fit`
        : `${need} and not one sequence fits beside its weights`;
    }
    return `${need} and decodes ${formatNumber(step.tokensPerSecond)} tokens/s (at most ${sequences(maxBatch)} fit)`;
  });
  return (
    `${modelName} on an ${deviceName} (${formatSi(deviceMemory, 'B')}), ${sequences(B)} of ` +
    `${formatInteger(S)} tokens: ${parts.join('; ')}.`
  );
}

/** The parts of a format's memory, bottom of the stack first. */
const PARTS = ['block linears', 'embedding, head, norms (16-bit)', 'KV cache'] as const;
const PART_COLOURS = [SERIES.memory, SERIES.muted, SERIES.compute];

/** Room past the longest bar for its label. */
const LABEL_ROOM = 1.4;

function memorySpec({ deviceMemory, deviceName, formats }: QuantizedServing): Plot.PlotOptions {
  const gb = (bytes: number) => bytes / 1e9;
  const parts = formats.flatMap(({ format, weights, kvBytes }) => [
    { format: format.name, part: PARTS[0], gb: gb(weights.linearBytes) },
    { format: format.name, part: PARTS[1], gb: gb(weights.totalBytes - weights.linearBytes) },
    { format: format.name, part: PARTS[2], gb: gb(kvBytes) },
  ]);
  const totals = formats.map(({ format, step }) => ({
    format: format.name,
    gb: gb(step.memoryBytes),
    text: `${formatSi(step.memoryBytes, 'B')}${step.fits ? '' : ', too big'}`,
  }));
  const top = Math.max(gb(deviceMemory), ...totals.map((t) => t.gb)) * LABEL_ROOM;
  return {
    marginLeft: 80,
    marginRight: 16,
    marginTop: 36,
    marginBottom: 45,
    x: barsX('Memory (GB) →', top),
    y: { label: null, domain: formats.map((f) => f.format.name) },
    color: { domain: [...PARTS], range: PART_COLOURS, legend: true },
    marks: [
      Plot.barX(parts, { x: 'gb', y: 'format', fill: 'part', insetTop: 4, insetBottom: 4 }),
      Plot.ruleX([gb(deviceMemory)], { stroke: 'currentColor', strokeWidth: 1.5, strokeDasharray: '6 3' }),
      Plot.text([gb(deviceMemory)], {
        x: (d: number) => d,
        frameAnchor: 'top',
        dy: -14,
        // Toward the wider side of the line, so a long GPU name stays inside the chart.
        textAnchor: gb(deviceMemory) > top / 2 ? 'end' : 'start',
        text: () => `${deviceName}: ${formatSi(deviceMemory, 'B')}`,
        fill: 'currentColor',
      }),
      barValues(totals, { x: 'gb', y: 'format', text: 'text', ...HALO }),
      Plot.ruleX([0]),
    ],
  };
}

function speedSpec({ B, formats }: QuantizedServing): Plot.PlotOptions {
  const bars = formats.map(({ format, step }) => ({
    format: format.name,
    rate: step.fits ? step.tokensPerSecond : 0,
    text: step.fits ? `${formatNumber(step.tokensPerSecond)} tokens/s` : 'does not fit',
  }));
  const top = Math.max(1, ...bars.map((b) => b.rate)) * LABEL_ROOM;
  return {
    marginLeft: 80,
    marginRight: 16,
    marginBottom: 45,
    x: barsX(`Decode throughput at batch ${formatInteger(B)} (tokens/s) →`, top),
    y: { label: null, domain: formats.map((f) => f.format.name) },
    marks: [
      Plot.barX(bars, { x: 'rate', y: 'format', fill: SERIES.memory, insetTop: 4, insetBottom: 4 }),
      barValues(bars, { x: 'rate', y: 'format', text: 'text' }),
      Plot.ruleX([0]),
    ],
  };
}

export function quantizedServingChart(serving: QuantizedServing, view: ServingView): Plot.PlotOptions {
  return view === 'memory' ? memorySpec(serving) : speedSpec(serving);
}
