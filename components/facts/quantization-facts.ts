/**
 * The numbers lesson 4 (quantization) quotes in its prose and exercises, computed from engine/analytic's quantized
 * weights and decode step and the published presets. Lessons render these; none is typed by hand.
 */
import { analytic } from '@engine/index';
import { formatCount, formatInteger, formatNumber, formatSi } from '../charts/format';
import quantizedPerplexity from '../../training/fixtures/quantized-perplexity.json';
import { bytes, count, fact, figure, published, type ExerciseAnswer, type Fact } from './fact';

const h100 = analytic.hardwareById('h100-sxm');
const rtx = analytic.hardwareById('rtx-4090');
const llama13 = analytic.modelById('llama-2-13b');
const llama70 = analytic.modelById('llama-2-70b');
const llama3 = analytic.modelById('llama-3-8b');
const bf16 = analytic.weightFormatById('bf16');
const int8 = analytic.weightFormatById('int8');
const int4 = analytic.weightFormatById('int4-g128');
const int4zp = analytic.weightFormatById('int4-g128-zp');

/** The context and batch of the serving examples. */
const context = 4096;
const batch = 8;
const group = 128;
const setup = (
  model: analytic.ModelPreset,
  weights: analytic.WeightFormat,
  device = h100,
): analytic.QuantizedSetup => ({ model: model.shape, device, weights, kvDtype: 'bf16' });
const weights = (model: analytic.ModelPreset, format: analytic.WeightFormat) =>
  analytic.quantizedWeights(model.shape, format);
/** Bytes one decode step moves: weights read, KV cache read and written. */
const stepBytes = (step: analytic.DecodeStep) => step.weightBytesRead + step.kvBytesMoved;

const int4Bits = analytic.linearBitsPerWeight(llama13.shape, int4);
const int4ZpBits = analytic.linearBitsPerWeight(llama13.shape, int4zp);
const int8Bits = analytic.linearBitsPerWeight(llama13.shape, int8);

// Llama 2 70B on an H100, 8 sequences of 4096 tokens.
const w70 = { bf16: weights(llama70, bf16), int8: weights(llama70, int8), int4: weights(llama70, int4) };
const kv70 = analytic.kvCacheBytes({ ...setup(llama70, int4), weightDtype: 'bf16' }, batch, context);
const total70 = (format: analytic.WeightFormat) =>
  analytic.quantizedServingMemory(setup(llama70, format), batch, context);
const kv70PerToken = analytic.kvBytesPerToken(llama70.shape, 'bf16');

// Llama 2 13B decoding one sequence at 4096 tokens.
const step13 = (format: analytic.WeightFormat, device = h100) =>
  analytic.quantizedDecodeStep(setup(llama13, format, device), 1, context);
const bf16Step = step13(bf16);
const int4Step = step13(int4);
if (bf16Step.bound !== 'memory' || int4Step.bound !== 'memory')
  throw new Error('batch-1 decode is memory-bound');
const speedup = int4Step.tokensPerSecond / bf16Step.tokensPerSecond;
const weightSpeedup = bf16Step.weightBytesRead / int4Step.weightBytesRead;

// Llama 3 8B's large vocabulary: its 16-bit embedding and head are a large part of an int4 file.
const w3 = weights(llama3, int4);
const llama3Share = (w3.embeddingBytes + w3.headBytes) / w3.totalBytes;

const bits = (value: number, about: string, digits = 3): Fact =>
  fact({ value, unit: 'bits', text: `${formatNumber(value, digits)} bits`, provenance: 'analytic', about });
const times = (value: number, about: string): Fact =>
  fact({ value, unit: '×', text: `${formatNumber(value)} times`, provenance: 'analytic', about });
const rate = (step: analytic.DecodeStep, about: string): Fact =>
  figure(step.tokensPerSecond, 'tokens/s', about);

const GPTQ: analytic.Source = {
  title: 'Frantar et al. 2022, GPTQ, abstract',
  url: 'https://arxiv.org/abs/2210.17323',
};
const AWQ: analytic.Source = {
  title: 'Lin et al. 2023, AWQ, abstract',
  url: 'https://arxiv.org/abs/2306.00978',
};

const LLM_INT8 = (where: string): analytic.Source => ({
  title: `Dettmers et al. 2022, LLM.int8(), ${where}`,
  url: 'https://arxiv.org/abs/2208.07339',
});

/** The shipped target's perplexity under each scheme, measured with PyTorch on the same quantized bytes. */
const reference = quantizedPerplexity as {
  device: string;
  command: string;
  schemes: {
    scheme: string;
    bits_per_weight: number;
    validation: { perplexity: number; tokens_scored: number };
  }[];
};
const referenceSource: analytic.Source = {
  title: `training/quantized_perplexity.py on an ${reference.device} (training/fixtures/quantized-perplexity.json)`,
  // The model's card on this site says what it was trained on and how it was measured.
  url: `${import.meta.env.BASE_URL.replace(/\/$/, '')}/model-cards/prose-target/`,
};
const validation = (scheme: string) => {
  const row = reference.schemes.find((s) => s.scheme === scheme);
  if (!row) throw new Error(`the quantized perplexity fixture has no ${scheme}`);
  return fact({
    value: row.validation.perplexity,
    unit: '',
    text: formatNumber(row.validation.perplexity),
    provenance: 'measured',
    about: `perplexity of the shipped target with its block linears in ${scheme}, over the ${formatInteger(row.validation.tokens_scored)} tokens of its validation split (PyTorch)`,
    source: referenceSource,
  });
};

export const facts = {
  h100Name: h100.name,
  rtxName: rtx.name,
  llama13Name: llama13.name,
  llama70Name: llama70.name,
  llama3Name: llama3.name,
  groupSize: formatInteger(group),
  context: count(context, 'tokens', 'context length of the serving examples'),
  batch: count(batch, 'sequences', 'batch of the Llama 2 70B example'),
  int4Bits: bits(int4Bits, 'int4 with one f16 scale per group of 128 weights, per weight', 4),
  int4ZpBits: bits(
    int4ZpBits,
    'int4 with an f16 scale and an f16 zero-point per group of 128, per weight',
    3,
  ),
  int8Bits: bits(
    int8Bits,
    `int8 with one f16 scale per output row, averaged over ${llama13.name}'s layers`,
    4,
  ),
  llama13Bf16Weights: bytes(
    weights(llama13, bf16).totalBytes,
    `${llama13.name} weights in bf16`,
    llama13.source,
  ),
  llama13Int8Weights: bytes(
    weights(llama13, int8).totalBytes,
    `${llama13.name} weights, block linears in int8, the rest 16-bit`,
    llama13.source,
  ),
  llama13Int4Weights: bytes(
    weights(llama13, int4).totalBytes,
    `${llama13.name} weights, block linears in int4 g128, the rest 16-bit`,
    llama13.source,
  ),
  llama13ModelBits: bits(
    analytic.modelBitsPerWeight(llama13.shape, int4),
    `${llama13.name} at int4 g128: bits per parameter, the 16-bit embedding and head included`,
  ),
  llama3ModelBits: bits(
    analytic.modelBitsPerWeight(llama3.shape, int4),
    `${llama3.name} at int4 g128: bits per parameter, the 16-bit embedding and head included`,
  ),
  llama3Vocab: count(llama3.shape.V, 'tokens', `${llama3.name} vocabulary (config.json vocab_size)`),
  llama3EmbeddingShare: figure(
    100 * llama3Share,
    '%',
    `share of ${llama3.name}'s int4 g128 weights that are its 16-bit embedding and head`,
    llama3.source,
  ),
  llama70Bf16Weights: bytes(w70.bf16.totalBytes, `${llama70.name} weights in bf16`, llama70.source),
  llama70Int8Weights: bytes(
    w70.int8.totalBytes,
    `${llama70.name} weights, block linears in int8`,
    llama70.source,
  ),
  llama70Int4Weights: bytes(
    w70.int4.totalBytes,
    `${llama70.name} weights, block linears in int4 g128`,
    llama70.source,
  ),
  llama70Kv: bytes(kv70, `${llama70.name} KV cache in bf16, ${batch} sequences of ${context} tokens`),
  llama70Bf16Total: bytes(total70(bf16), `${llama70.name} in bf16 with that cache`),
  llama70Int8Total: bytes(total70(int8), `${llama70.name} in int8 with that cache`),
  llama70Int4Total: bytes(total70(int4), `${llama70.name} in int4 g128 with that cache`),
  llama70Int8Batch: count(
    analytic.quantizedMaxBatch(setup(llama70, int8), context),
    'sequences',
    `largest batch of ${context}-token sequences of ${llama70.name} in int8 on an ${h100.name}`,
  ),
  llama70Int4Batch: count(
    analytic.quantizedMaxBatch(setup(llama70, int4), context),
    'sequences',
    `largest batch of ${context}-token sequences of ${llama70.name} in int4 g128 on an ${h100.name}`,
  ),
  llama13Bf16Step: bytes(
    stepBytes(bf16Step),
    `bytes one ${llama13.name} decode step moves in bf16, batch 1 at ${context} tokens`,
  ),
  llama13Int4Step: bytes(stepBytes(int4Step), 'the same with the block linears in int4 g128'),
  llama13Kv: bytes(
    bf16Step.kvBytesMoved,
    `${llama13.name} KV cache read and written per step at ${context} tokens`,
  ),
  llama13Bf16Rate: rate(bf16Step, `${llama13.name} in bf16, batch 1, on an ${h100.name}`),
  llama13Int4Rate: rate(int4Step, `${llama13.name} in int4 g128, batch 1, on an ${h100.name}`),
  llama13RtxInt4Rate: rate(step13(int4, rtx), `${llama13.name} in int4 g128, batch 1, on an ${rtx.name}`),
  int4Speedup: times(
    speedup,
    `int4 g128 over bf16 decode speed, ${llama13.name}, batch 1, ${context} tokens`,
  ),
  int4WeightSpeedup: times(weightSpeedup, `bf16 over int4 g128 weight bytes read per step, ${llama13.name}`),
  gptqA100: published(3.25, '×', 'around 3.25 times', 'GPTQ end-to-end speedup over FP16 on an A100', GPTQ),
  gptqA6000: published(4.5, '×', '4.5 times', 'GPTQ end-to-end speedup over FP16 on an A6000', GPTQ),
  llmInt8Threshold: published(
    6,
    '',
    '6.0',
    'LLM.int8() threshold on an input feature’s magnitude above which it is multiplied in 16 bits',
    LLM_INT8('§3.2'),
  ),
  llmInt8Emergence: published(
    6.7e9,
    'parameters',
    'about 6.7 billion parameters',
    'model size at which LLM.int8() reports outlier features appearing in every layer',
    LLM_INT8('§4'),
  ),
  llmInt8Share: published(
    99.9,
    '%',
    'more than 99.9 %',
    'share of values LLM.int8() still multiplies in 8 bits',
    LLM_INT8('abstract'),
  ),
  targetF32Perplexity: validation('f32'),
  targetInt8Perplexity: validation('int8 per channel'),
  targetInt4Perplexity: validation('int4 g128'),
  targetInt3Perplexity: validation('int3 g64'),
  targetInt2Perplexity: validation('int2 g64'),
  awqSpeedup: published(
    3,
    '×',
    'more than 3 times',
    'TinyChat (AWQ int4) speedup over the Hugging Face FP16 implementation',
    AWQ,
  ),
};

// Exercise: Llama 2 70B at int4 on one H100, weights and cache.
const linears70 = w70.int4.linearParams;
const rest70 = w70.int4.totalBytes - w70.int4.linearBytes;
const fits70 = total70(int4) <= h100.memoryBytes;

export const exercises = {
  int4Bits: {
    answer: facts.int4Bits,
    working: [
      `A group of ${group} weights stores ${group} codes of 4 bits: ${formatInteger(4 * group)} bits.`,
      `Its f16 scale adds 16 bits: ${formatInteger(4 * group + 16)} bits for ${group} weights, ${formatNumber(int4Bits, 4)} bits each.`,
      `With an f16 zero-point as well, ${formatInteger(4 * group + 32)} bits: ${formatNumber(int4ZpBits, 4)} bits each.`,
      `Against 16 bits in bf16 the block linears shrink ${formatNumber(16 / int4Bits)} times, not 4: the scales cost ${formatNumber((100 * (int4Bits - 4)) / 4)} % on top of the codes.`,
    ],
  },
  llama70Fits: {
    answer: fact({
      value: total70(int4),
      unit: 'B',
      text: `${formatSi(total70(int4), 'B')}: ${fits70 ? 'it fits' : 'it does not fit'}`,
      provenance: 'analytic',
      about: `${llama70.name} in int4 g128 with ${batch} sequences of ${context} tokens, against an ${h100.name}'s ${formatSi(h100.memoryBytes, 'B')}`,
      source: llama70.source,
    }),
    working: [
      `The block linears hold ${formatCount(linears70)} weights; at ${formatNumber(int4Bits, 4)} bits each that is ${formatSi(w70.int4.linearBytes, 'B')}.`,
      `The embedding, output head and norms stay at 16 bits: ${formatSi(rest70, 'B')}. Weights: ${formatSi(w70.int4.totalBytes, 'B')}.`,
      `The KV cache stays in bf16: 2 · ${llama70.shape.L} layers · ${llama70.shape.K} KV heads · ${llama70.shape.H} · 2 bytes = ${formatInteger(kv70PerToken)} bytes per token; × ${formatInteger(context)} tokens × ${batch} sequences = ${formatSi(kv70, 'B')}.`,
      `${formatSi(w70.int4.totalBytes, 'B')} + ${formatSi(kv70, 'B')} = ${formatSi(total70(int4), 'B')} of ${formatSi(h100.memoryBytes, 'B')}: ${fits70 ? 'it fits' : 'it does not fit'}, with room for ${formatInteger(analytic.quantizedMaxBatch(setup(llama70, int4), context))} such sequences in all.`,
      `In bf16 the weights alone are ${formatSi(w70.bf16.totalBytes, 'B')}, more than the whole GPU; in int8, ${formatSi(w70.int8.totalBytes, 'B')} plus the cache is ${formatSi(total70(int8), 'B')}, just over.`,
    ],
  },
  int4Speedup: {
    answer: facts.int4Speedup,
    working: [
      `At batch 1 a decode step is memory-bound: its time is the bytes it moves over the bandwidth, so the speedup is the ratio of bytes.`,
      `bf16: ${formatSi(bf16Step.weightBytesRead, 'B')} of weights + ${formatSi(bf16Step.kvBytesMoved, 'B')} of KV cache at ${formatInteger(context)} tokens = ${formatSi(stepBytes(bf16Step), 'B')}.`,
      `int4 g128: ${formatSi(int4Step.weightBytesRead, 'B')} of weights + the same ${formatSi(int4Step.kvBytesMoved, 'B')} of cache = ${formatSi(stepBytes(int4Step), 'B')}.`,
      `${formatSi(stepBytes(bf16Step), 'B')} ÷ ${formatSi(stepBytes(int4Step), 'B')} = ${formatNumber(speedup)}: on an ${h100.name}, ${formatNumber(bf16Step.tokensPerSecond)} tokens/s become ${formatNumber(int4Step.tokensPerSecond)}.`,
      `The weights alone read ${formatNumber(weightSpeedup)} times fewer bytes (16 ÷ ${formatNumber(int4Bits, 4)} = ${formatNumber(16 / int4Bits)} for the linears, less for the 16-bit head); the bf16 cache, which did not shrink, pulls the step's speedup down to ${formatNumber(speedup)}.`,
    ],
  },
} satisfies Record<string, ExerciseAnswer>;
