/**
 * The numbers lesson 2 (the KV cache) quotes in its prose and exercises, computed from engine/analytic, the
 * published presets and the shipped trained model's config. Lessons render these; none is typed by hand.
 */
import { analytic, KV_HEAVY_SIZES, parseConfig, parameterCount, shapeOf } from '@engine/index';
import targetJson from '../../public/models/prose-target/config.json';
import { formatCount, formatInteger, formatNumber, formatSeconds, formatSi } from '../charts/format';
import { bytes, count, fact, published, trainedContext, type ExerciseAnswer } from './fact';
import { RUNNING, runningSetup } from '../running-example/running-example';

const h100 = analytic.hardwareById('h100-sxm');
// The running example's model, GPU and context (lesson 1), the thread of this lesson too.
const runningModel = analytic.modelById(RUNNING.model);
const llama2 = analytic.modelById('llama-2-7b');
const mistral = analytic.modelById('mistral-7b');
const llama3 = analytic.modelById('llama-3-8b');
const bf16 = { weightDtype: 'bf16', kvDtype: 'bf16' } as const;
const setup = runningSetup();
const context = RUNNING.S;
const perToken = analytic.kvBytesPerToken(setup.model, 'bf16');
const llama2PerToken = analytic.kvBytesPerToken(llama2.shape, 'bf16');
const perSequence = analytic.kvCacheBytes(setup, 1, context);
const weights = analytic.weightBytes(setup);
const maxFit = analytic.maxBatch(setup, context);
const crossover = analytic.kvCrossoverContext(setup, 1);
/** The fewest sequences of the model's full context whose caches a decode step reads more bytes of than weights. */
let crossBatch = 1;
while (analytic.kvCrossoverContext(setup, crossBatch) > runningModel.context) crossBatch++;

// Without a cache, every step would run the whole prefix through the layers again: about 2 FLOPs per layer
// weight per prefix token (Kaplan et al. 2020, section 2.1), against reading the prefix's keys and values once.
const recomputeFlops = 2 * runningModel.shape.L * analytic.layerMatmulParams(runningModel.shape) * context;
const recomputeSeconds = recomputeFlops / h100.peakBf16;
const readSeconds = perSequence / h100.bandwidth;

// Exercise: Mistral 7B's KV bytes per token (grouped-query: fewer KV heads than query heads).
const perTokenMistral = analytic.kvBytesPerToken(mistral.shape, 'bf16');
// Exercise: how many 8192-token Llama 3 8B sequences fit on an H100.
const llama3Setup: analytic.ServingSetup = { model: llama3.shape, device: h100, ...bf16 };
const llama3Context = 8192;
const llama3Fit = analytic.maxBatch(llama3Setup, llama3Context);
const llama3Free = h100.memoryBytes - analytic.weightBytes(llama3Setup);
// Exercise: the trained model, as the engine runs it (f32), at batch 1.
const target = parseConfig(targetJson);
const targetShape = shapeOf(target);
const targetSetup = { model: targetShape, weightDtype: 'f32', kvDtype: 'f32' } as const;
const targetCrossover = analytic.kvCrossoverContext(targetSetup, 1);
const targetWeightsRead = analytic.decodeBytes(targetSetup, 1, 1).weightBytesRead;
const targetPerToken = analytic.kvBytesPerToken(targetShape, 'f32');

// Exercise: the blocks the trained model's sequence holds in the memory map, at its default block size.
const mapBlockSize = 16;
const mapTokens = 100;
const mapBlocks = Math.ceil(mapTokens / mapBlockSize);
const mapReserved = mapBlocks * mapBlockSize * targetPerToken;
// The KV-heavy synthetic model the measured step-time widget runs by default.
const heavy = KV_HEAVY_SIZES.find((s) => s.id === 'kv-m')!;
const heavyShape = shapeOf(heavy.config);
const heavySetup = { model: heavyShape, weightDtype: 'f32', kvDtype: 'f32' } as const;
const heavyWeightsRead = analytic.decodeBytes(heavySetup, 1, 1).weightBytesRead;
const heavyPerToken = analytic.kvBytesPerToken(heavyShape, 'f32');
const heavyCrossover = analytic.kvCrossoverContext(heavySetup, 1);

const shapeText = ({ L, K, H }: analytic.LlamaShape) => `L = ${L}, K = ${K}, H = ${H}`;
/** A shape as an exercise states it, in words. */
const shapeWords = ({ L, K, H }: analytic.LlamaShape) =>
  `${L} layers and ${K} key/value heads of ${H} dimensions`;

export const facts = {
  h100Name: h100.name,
  runningName: runningModel.name,
  runningShape: shapeText(runningModel.shape),
  mistralName: mistral.name,
  mistralShape: shapeWords(mistral.shape),
  llama3Name: llama3.name,
  llama3Shape: shapeWords(llama3.shape),
  llama3Context: count(llama3Context, 'tokens', 'context length in the batch exercise'),
  targetShape: `${shapeWords(targetShape)}, f32 in the engine`,
  targetParams: count(
    parameterCount(target),
    'parameters',
    'the trained target model, counted from its config',
  ),
  runningKvPerToken: fact({
    value: perToken,
    unit: 'B',
    text: `${formatInteger(perToken)} bytes`,
    provenance: 'analytic',
    about: `${runningModel.name} KV cache per token in bf16: 2·L·K·H·2 bytes`,
    source: runningModel.source,
  }),
  llama2KvPerToken: fact({
    value: llama2PerToken,
    unit: 'B',
    text: `${formatInteger(llama2PerToken)} bytes`,
    provenance: 'analytic',
    about: `${llama2.name} KV cache per token in bf16: 2·L·K·H·2 bytes`,
    source: llama2.source,
  }),
  context: count(context, 'tokens', 'context of the running example'),
  runningKvPerSequence: bytes(
    perSequence,
    `${runningModel.name} KV cache of one ${context}-token sequence in bf16`,
  ),
  runningWeights: bytes(weights, `${runningModel.name} weights in bf16`),
  h100Memory: published(
    h100.memoryBytes,
    'B',
    formatSi(h100.memoryBytes, 'B'),
    `${h100.name} memory`,
    h100.source,
  ),
  runningMaxBatch: count(
    maxFit,
    'sequences',
    `largest batch of ${context}-token ${runningModel.name} sequences that fits beside the weights on an ${h100.name}`,
  ),
  runningCrossover: count(
    crossover,
    'tokens',
    `context at which one ${runningModel.name} sequence's KV traffic per decode step reaches its weight traffic (bf16)`,
  ),
  runningTrainedContext: trainedContext(runningModel),
  runningCrossBatch: count(
    crossBatch,
    'sequences',
    `fewest ${runningModel.name} sequences at its full context whose KV traffic per decode step reaches the weight traffic (bf16)`,
  ),
  recomputeFlops: fact({
    value: recomputeFlops,
    unit: 'FLOP',
    text: formatSi(recomputeFlops, 'FLOP'),
    provenance: 'analytic',
    about: `FLOPs to run a ${context}-token prefix through ${runningModel.name}'s layers again: 2 per layer weight per token`,
  }),
  recomputeSeconds: fact({
    value: recomputeSeconds,
    unit: 's',
    text: formatSeconds(recomputeSeconds),
    provenance: 'analytic',
    about: `those FLOPs at the ${h100.name} dense bf16 peak`,
  }),
  recomputePassRatio: fact({
    value: (context + 1) / 2,
    unit: '×',
    text: `${formatNumber((context + 1) / 2, 5)} times`,
    provenance: 'analytic',
    about: `token passes to write ${context} tokens without a cache, n(n + 1)/2, against n with one`,
  }),
  readSeconds: fact({
    value: readSeconds,
    unit: 's',
    text: formatSeconds(readSeconds),
    provenance: 'analytic',
    about: `reading one ${context}-token ${runningModel.name} KV cache at the ${h100.name} bandwidth`,
  }),
  targetPerToken: fact({
    value: targetPerToken,
    unit: 'B',
    text: `${formatInteger(targetPerToken)} bytes`,
    provenance: 'analytic',
    about: 'the trained model’s KV cache per token in f32, as the engine stores it',
  }),
  mapBlockSize: count(mapBlockSize, 'tokens', 'the memory map’s default block size'),
  mapTokens: count(mapTokens, 'tokens', 'the sequence length the block-reservation exercise asks about'),
  heavyName: `synthetic ${heavy.id}`,
  heavyShape: `${shapeWords(heavyShape)}, an MLP only ${formatInteger(heavyShape.F)} wide`,
  heavyWeights: bytes(heavyWeightsRead, `weights one decode step of synthetic ${heavy.id} reads, f32`),
  heavyPerToken: bytes(heavyPerToken, `KV cache per token of synthetic ${heavy.id}, f32`),
  heavyCrossover: count(
    heavyCrossover,
    'tokens',
    `context at which one decode step of synthetic ${heavy.id} moves as many KV bytes as weight bytes (f32)`,
  ),
  targetMaxPositions: fact({
    value: target.maxPositions,
    unit: 'tokens',
    text: `${formatInteger(target.maxPositions)} tokens`,
    provenance: 'published',
    about: 'longest context the trained model was trained for (its config.json)',
  }),
};

export const exercises = {
  kvPerToken: {
    answer: count(perTokenMistral, 'bytes', `${mistral.name} KV cache per token in bf16`, mistral.source),
    working: [
      `${mistral.name} has ${shapeText(mistral.shape)} (its config.json): ${mistral.shape.N} query heads share ${mistral.shape.K} key/value heads.`,
      `Each token stores a key and a value (2) per KV head per layer: 2 · ${mistral.shape.L} · ${mistral.shape.K} · ${mistral.shape.H} = ${formatInteger(perTokenMistral / 2)} numbers.`,
      `In bf16 each number takes 2 bytes: ${formatInteger(perTokenMistral)} bytes, or ${formatSi(perTokenMistral, 'B')}, per token.`,
      `A ${formatInteger(context)}-token conversation holds ${formatSi(perTokenMistral * context, 'B')} of cache, against ${formatSi(perSequence, 'B')} for ${runningModel.name}.`,
    ],
  },
  maxBatch: {
    answer: count(
      llama3Fit,
      'sequences',
      `largest batch of ${llama3Context}-token ${llama3.name} sequences beside its bf16 weights on an ${h100.name}`,
    ),
    working: [
      `Weights: ${formatCount(analytic.paramCount(llama3.shape))} parameters · 2 bytes = ${formatSi(analytic.weightBytes(llama3Setup), 'B')}.`,
      `Left for the cache: ${formatSi(h100.memoryBytes, 'B')} − ${formatSi(analytic.weightBytes(llama3Setup), 'B')} = ${formatSi(llama3Free, 'B')}.`,
      `KV per token: 2 · ${llama3.shape.L} · ${llama3.shape.K} · ${llama3.shape.H} · 2 bytes = ${formatInteger(analytic.kvBytesPerToken(llama3.shape, 'bf16'))} bytes (K = ${llama3.shape.K} shared KV heads).`,
      `Per sequence at ${formatInteger(llama3Context)} tokens: ${formatSi(analytic.kvCacheBytes(llama3Setup, 1, llama3Context), 'B')}.`,
      `${formatSi(llama3Free, 'B')} ÷ ${formatSi(analytic.kvCacheBytes(llama3Setup, 1, llama3Context), 'B')} = ${formatNumber(llama3Free / analytic.kvCacheBytes(llama3Setup, 1, llama3Context))}, so ${formatInteger(llama3Fit)} whole sequences.`,
    ],
  },
  mapReserved: {
    answer: count(
      mapReserved,
      'bytes',
      `KV bytes the trained model's blocks reserve at ${mapTokens} tokens in blocks of ${mapBlockSize}`,
    ),
    working: [
      `Each token takes 2 · ${target.numLayers} · ${target.numKvHeads} · ${target.headDim} · 4 = ${formatInteger(targetPerToken)} bytes of keys and values across the layers.`,
      `${formatInteger(mapTokens)} tokens need ⌈${formatInteger(mapTokens)} ÷ ${mapBlockSize}⌉ = ${formatInteger(mapBlocks)} blocks; the last holds ${formatInteger(mapTokens - (mapBlocks - 1) * mapBlockSize)} of its ${mapBlockSize} slots.`,
      `The blocks reserve ${formatInteger(mapBlocks)} · ${mapBlockSize} · ${formatInteger(targetPerToken)} = ${formatInteger(mapReserved)} bytes (${formatSi(mapReserved, 'B')}), against ${formatInteger(mapTokens * targetPerToken)} bytes the tokens themselves take.`,
      `At block size ${mapBlockSize}, the map's readout shows the same figure as its sequence passes ${formatInteger(mapTokens)} tokens.`,
    ],
  },
  targetCrossover: {
    answer: count(
      targetCrossover,
      'tokens',
      'context at which one decode step of the trained model moves as many KV bytes as weight bytes (f32, batch 1)',
    ),
    working: [
      `The trained model has ${formatInteger(parameterCount(target))} parameters; one decode step reads all of them (the tied embedding once, as the output head) plus one embedding row: ${formatInteger(targetWeightsRead)} bytes in f32.`,
      `Its KV cache takes 2 · ${target.numLayers} · ${target.numKvHeads} · ${target.headDim} · 4 = ${formatInteger(targetPerToken)} bytes per token.`,
      `A step at context S reads S tokens of cache and writes one: (S + 1) · ${formatInteger(targetPerToken)} bytes.`,
      `(S + 1) · ${formatInteger(targetPerToken)} ≥ ${formatInteger(targetWeightsRead)} first holds at S = ${formatInteger(targetCrossover)}.`,
      `That is far past the ${formatInteger(target.maxPositions)} tokens it was trained for: a model this small is weight-bound at every context it can use.`,
    ],
  },
} satisfies Record<string, ExerciseAnswer>;
