/**
 * The numbers lesson 1 quotes in its prose and exercises, computed from engine/analytic and the published
 * presets. Lessons render these; none of their figures is typed by hand.
 */
import { analytic, syntheticSize } from '@engine/index';
import { formatCount, formatInteger, formatNumber, formatSeconds, formatSi, listed } from '../charts/format';
import { LIVE_SIZE } from '../frame/live-shape';
import { bytes, count, fact, figure, published, type ExerciseAnswer } from './fact';
import { facts as kvCacheFacts } from './kv-cache-facts';
import { RUNNING, runningSetup } from '../running-example/running-example';

const h100 = analytic.hardwareById('h100-sxm');
const llama2 = analytic.modelById('llama-2-7b');
const setup: analytic.ServingSetup = {
  model: llama2.shape,
  device: h100,
  weightDtype: 'bf16',
  kvDtype: 'bf16',
};
const ridge = analytic.ridgeIntensity(h100, 'bf16');
const square = { D: 4096, F: 4096 };
const ridgeRows = analytic.rowsForIntensity(square.D, square.F, 'bf16', ridge) ?? NaN;
const decodeContext = 1024;
const decode = analytic.decodeStep(setup, 1, decodeContext);
// Attention in the running example's model and context.
const attentionContext = RUNNING.S;
const attentionModel = analytic.modelById(RUNNING.model).shape;
const attentionShape = { B: 1, N: attentionModel.N, K: attentionModel.K, H: attentionModel.H };
const prefillAttention = analytic.attentionCost(
  { ...attentionShape, T: attentionContext, S: attentionContext },
  'bf16',
);
const decodeAttention = analytic.attentionCost({ ...attentionShape, T: 1, S: attentionContext }, 'bf16');
const weightBytes = analytic.weightBytes(setup);
// The gate projection of the measured-roofline widget's default synthetic model, in one f32 decode step.
const synthetic = syntheticSize(LIVE_SIZE).config;
const gate = { B: 1, D: synthetic.hiddenSize, F: synthetic.intermediateSize };
const gateDecode = analytic.matmulCost(gate, 'f32');

// The running example's last row, worked before the table shows it (lecture's accounting).
const running = runningSetup();
const runningLast = RUNNING.batches.at(-1)!;
const runningPrevious = RUNNING.batches.at(-2)!;
const runningBig = analytic.lectureDecodeStep(running, runningLast, RUNNING.S);
const runningMid = analytic.lectureDecodeStep(running, runningPrevious, RUNNING.S);
const runningMemory = analytic.servingMemory(running, runningLast, RUNNING.S);

// Time to first token and prefill batching, on the running example.
const runningPrefill = analytic.prefillStep(running, 1, RUNNING.S);
const prefillBatch = 8;
const batchedPrefill = analytic.prefillStep(running, prefillBatch, RUNNING.S);
const runningDecode = analytic.decodeStep(running, 1, RUNNING.S);
// A model too big for one GPU: Llama 2 70B's bf16 weights, split across just enough H100s to hold them.
const llama70 = analytic.modelById('llama-2-70b');
const llama70Setup = { ...setup, model: llama70.shape };
const llama70Weights = analytic.weightBytes(llama70Setup);
const llama70Gpus = Math.ceil(llama70Weights / h100.memoryBytes);

export const facts = {
  h100Name: h100.name,
  llama2Name: llama2.name,
  runningName: analytic.modelById(RUNNING.model).name,
  runningContext: count(RUNNING.S, 'tokens', 'context of the running example'),
  runningBatch: count(runningLast, 'sequences', 'the running example’s largest batch'),
  runningBatchList: listed(RUNNING.batches.map(formatInteger)),
  runningMidBatch: count(runningPrevious, 'sequences', 'the running example’s middle batch'),
  runningMargin: bytes(
    h100.memoryBytes - analytic.servingMemory(running, runningPrevious, RUNNING.S),
    `memory left beside weights and ${runningPrevious} caches of ${RUNNING.S} tokens`,
  ),
  runningParams: fact({
    value: analytic.paramCount(running.model),
    unit: 'parameters',
    text: `${formatCount(analytic.paramCount(running.model))} parameters`,
    provenance: 'analytic',
    about: `${analytic.modelById(RUNNING.model).name} parameter count from its config`,
    source: analytic.modelById(RUNNING.model).source,
  }),
  runningWeights: kvCacheFacts.runningWeights,
  runningKvPerToken: kvCacheFacts.runningKvPerToken,
  h100Memory: kvCacheFacts.h100Memory,
  runningPrefill: fact({
    value: runningPrefill.seconds,
    unit: 's',
    text: formatSeconds(runningPrefill.seconds),
    provenance: 'analytic',
    about: `prefill of one ${formatInteger(RUNNING.S)}-token prompt (${runningPrefill.bound}-bound), the least time to first token`,
  }),
  runningDecodeStep: fact({
    value: runningDecode.seconds,
    unit: 's',
    text: formatSeconds(runningDecode.seconds),
    provenance: 'analytic',
    about: `one batch-1 decode step at context ${formatInteger(RUNNING.S)}`,
  }),
  prefillBatch: count(prefillBatch, 'prompts', 'prompts prefilled in one step'),
  batchedPrefillRatio: figure(
    batchedPrefill.seconds / runningPrefill.seconds,
    '×',
    `time of ${prefillBatch} prompts prefilled together against one`,
  ),
  llama70Name: llama70.name,
  llama70Weights: bytes(llama70Weights, `${llama70.name} weights in bf16`, llama70.source),
  llama70Gpus: count(
    llama70Gpus,
    'GPUs',
    `fewest ${h100.name}s whose memory holds ${llama70.name}'s bf16 weights`,
  ),
  llama70ShardedStep: fact({
    value: llama70Weights / llama70Gpus / h100.bandwidth,
    unit: 's',
    text: formatSeconds(llama70Weights / llama70Gpus / h100.bandwidth),
    provenance: 'analytic',
    about: `each of ${llama70Gpus} GPUs reading its share of ${llama70.name}'s weights, the least a batch-1 decode step can take`,
  }),
  llama70WholeStep: fact({
    value: llama70Weights / h100.bandwidth,
    unit: 's',
    text: formatSeconds(llama70Weights / h100.bandwidth),
    provenance: 'analytic',
    about: `reading all of ${llama70.name}'s weights at one GPU's bandwidth`,
  }),
  h100Bandwidth: published(
    h100.bandwidth,
    'B/s',
    formatSi(h100.bandwidth, 'B/s'),
    `${h100.name} memory bandwidth`,
    h100.source,
  ),
  h100PeakBf16: published(
    h100.peakBf16,
    'FLOP/s',
    formatSi(h100.peakBf16, 'FLOP/s'),
    `${h100.name} dense bf16 peak`,
    h100.source,
  ),
  h100Ridge: figure(ridge, 'FLOP/byte', `${h100.name} bf16 ridge point: peak FLOP/s ÷ bandwidth`),
  llama2Params: fact({
    value: analytic.paramCount(llama2.shape),
    unit: 'parameters',
    text: `${formatCount(analytic.paramCount(llama2.shape))} parameters`,
    provenance: 'analytic',
    about: `${llama2.name} parameter count from its config`,
    source: llama2.source,
  }),
  llama2WeightBytes: bytes(weightBytes, `${llama2.name} weights in bf16`),
  llama2KvPerToken: kvCacheFacts.llama2KvPerToken,
  // Four figures, so that S ÷ (S + 1) reads as just under one and S ÷ 2 exactly at any context.
  decodeAttentionIntensity: fact({
    value: decodeAttention.intensity,
    unit: 'FLOP/byte',
    text: `${formatNumber(decodeAttention.intensity, 4)} FLOP/byte`,
    provenance: 'analytic',
    about: `attention intensity of one decode step at context ${attentionContext}`,
  }),
  prefillAttentionIntensity: fact({
    value: prefillAttention.intensity,
    unit: 'FLOP/byte',
    text: `${formatNumber(prefillAttention.intensity, 4)} FLOP/byte`,
    provenance: 'analytic',
    about: `attention intensity of a ${attentionContext}-token prefill`,
  }),
  matmulDim: count(square.D, '', 'D and F of the square matmul in the ridge exercise'),
  decodeContext: count(decodeContext, 'tokens', 'context length in the decode-speed exercise'),
  syntheticWidth: count(gate.D, '', 'D of the synthetic model the measured roofline starts with'),
  syntheticMlpWidth: count(gate.F, '', 'F of the synthetic model the measured roofline starts with'),
};

export const exercises = {
  ridgeBatch: {
    answer: count(
      ridgeRows,
      'rows',
      `smallest B that puts a bf16 (B×${square.D})·(${square.D}×${square.F}) matmul at the ${h100.name} ridge`,
    ),
    working: [
      `Intensity of a (B×D)·(D×F) product in bf16 = 2·B·D·F ÷ (2·(B·D + D·F + B·F)) = B·D·F ÷ (B·D + D·F + B·F).`,
      `With D = F = ${square.D} this is ${square.D}·B ÷ (2·B + ${square.D}).`,
      `The ${h100.name} ridge is ${formatSi(h100.peakBf16, 'FLOP/s')} ÷ ${formatSi(h100.bandwidth, 'B/s')} = ${formatNumber(ridge)} FLOP/byte.`,
      `Solving ${square.D}·B ÷ (2·B + ${square.D}) ≥ ${formatNumber(ridge, 5)} gives B ≥ ${formatNumber((ridge * square.D) / (square.D - 2 * ridge), 4)}, so B = ${formatInteger(ridgeRows)}.`,
      `Fewer rows than that and the product waits on memory: intensity is roughly B, not the ridge.`,
    ],
  },
  decodeSpeed: {
    answer: figure(
      decode.tokensPerSecond,
      'tokens/s',
      `${llama2.name} batch-1 decode at context ${decodeContext} on an ${h100.name}, memory-bound model`,
    ),
    working: [
      `Each step reads every weight once, except the embedding table, of which it reads only the row of its token: ${formatSi(decode.weightBytesRead, 'B')} in bf16 of the ${formatSi(weightBytes, 'B')} of weights.`,
      `It also reads and extends the KV cache: ${formatSi(decode.kvBytesMoved, 'B')} at context ${formatInteger(decodeContext)}.`,
      `Moving ${formatSi(decode.weightBytesRead + decode.kvBytesMoved, 'B')} at ${formatSi(h100.bandwidth, 'B/s')} takes ${formatSeconds(decode.memorySeconds)}.`,
      `The step's ${formatSi(decode.flops, 'FLOP')} would take only ${formatSeconds(decode.computeSeconds)} at the bf16 peak, so memory sets the pace.`,
      `One token per ${formatSeconds(decode.seconds)} is ${formatNumber(decode.tokensPerSecond)} tokens/s.`,
    ],
  },
  batchTradeoff: {
    answer: figure(
      runningBig.tokensPerSecond,
      'tokens/s',
      `throughput of the running example at B = ${runningLast}, lecture's accounting, were there memory for it`,
    ),
    working: [
      `Memory: ${formatSi(analytic.weightBytes(running), 'B')} of weights + ${formatInteger(runningLast)} · ${formatInteger(RUNNING.S)} · ${formatInteger(analytic.kvBytesPerToken(running.model, 'bf16'))} bytes of cache = ${formatSi(runningMemory, 'B')}: ${runningMemory > h100.memoryBytes ? 'more than' : 'within'} the ${formatSi(h100.memoryBytes, 'B')} the GPU has${runningMemory > h100.memoryBytes ? ', so the batch does not fit' : ''}.`,
      `Were there memory: a step reads all ${formatSi(runningBig.bytes, 'B')} once, which takes ${formatSi(runningBig.bytes, 'B')} ÷ ${formatSi(h100.bandwidth, 'B/s')} = ${formatSeconds(runningBig.seconds)}.`,
      `${formatInteger(runningLast)} tokens per ${formatSeconds(runningBig.seconds)} is ${formatNumber(runningBig.tokensPerSecond)} tokens/s.`,
      `At B = ${runningPrevious} the same sum gives ${formatNumber(runningMid.tokensPerSecond)} tokens/s at ${formatSeconds(runningMid.seconds)} a step: ${formatNumber(runningLast / runningPrevious)} times the batch buys ${formatNumber(runningBig.tokensPerSecond / runningMid.tokensPerSecond)} times the throughput, for steps ${formatNumber(runningBig.seconds / runningMid.seconds)} times as long. The caches, not the weights, now fill the step.`,
    ],
  },
  decodeAttention: {
    answer: facts.decodeAttentionIntensity,
    working: [
      `One new token against S = ${formatInteger(attentionContext)} cached tokens: FLOPs 4·N·H·S = ${formatSi(decodeAttention.flops, 'FLOP')}.`,
      `It reads every cached key and value once: 2·S·K·H elements, ${formatSi(decodeAttention.bytes, 'B')} with the query and output in bf16.`,
      `Intensity = ${formatSi(decodeAttention.flops, 'FLOP')} ÷ ${formatSi(decodeAttention.bytes, 'B')} = S ÷ (S + 1) = ${formatNumber(decodeAttention.intensity, 5)} FLOP/byte.`,
      `A batch does not help: each sequence brings its own cache, so FLOPs and bytes grow together.`,
    ],
  },
  decodeMatmulF32: {
    answer: figure(
      gateDecode.intensity,
      'FLOP/byte',
      `intensity of a (1×${gate.D})·(${gate.D}×${gate.F}) f32 matmul: one decode step of the synthetic model's gate projection`,
    ),
    working: [
      `FLOPs: 2·D·F = 2 · ${gate.D} · ${gate.F} = ${formatInteger(gateDecode.flops)}.`,
      `Bytes: the input row, the weights and the output row, 4 bytes each: (${gate.D} + ${gate.D}·${gate.F} + ${gate.F}) · 4 = ${formatInteger(gateDecode.bytes)}.`,
      `Intensity = ${formatInteger(gateDecode.flops)} ÷ ${formatInteger(gateDecode.bytes)} = ${formatNumber(gateDecode.intensity)} FLOP/byte.`,
      `That is about half the bf16 figure of one FLOP per byte: the same arithmetic, but every weight is twice as many bytes.`,
    ],
  },
} satisfies Record<string, ExerciseAnswer>;
