/**
 * The numbers lesson 7 (continuous batching) quotes in its prose and exercises: the lecture's running example,
 * Llama 2 13B in bf16 on one H100, priced by the cost model (its KV pool, its decode steps), a static batch's waste
 * worked by hand, and the throughput Orca's paper published. None is typed by hand.
 */
import { analytic, MEMORY_FRACTION, poolBlocks, SCALE_BLOCK_SIZE, type Source } from '@engine/index';
import { formatInteger, formatNumber, formatSi } from '../charts/format';
import { count, fact, figure, published } from './fact';

const ORCA: Source = {
  title:
    'Yu et al. 2022, Orca: A Distributed Serving System for Transformer-Based Generative Models (OSDI), abstract',
  url: 'https://www.usenix.org/conference/osdi22/presentation/yu',
};
const VLLM_ARGS: Source = {
  title:
    'vLLM documentation, engine arguments: gpu_memory_utilization (default 0.9) and block_size (default 16)',
  url: 'https://docs.vllm.ai/en/latest/configuration/engine_args.html',
};

// The lecture's running example.
const model = analytic.modelById('llama-2-13b');
const device = analytic.hardwareById('h100-sxm');
const setup: analytic.ServingSetup = { model: model.shape, device, weightDtype: 'bf16', kvDtype: 'bf16' };
const perToken = analytic.kvBytesPerToken(model.shape, 'bf16');
const blocks = poolBlocks(setup);
const poolTokens = blocks * SCALE_BLOCK_SIZE;
const CONTEXT = 1024;
const OUTPUT = 256;
const fitting = Math.floor(poolTokens / CONTEXT);
const single = analytic.decodeStep(setup, 1, CONTEXT);
const full = analytic.decodeStep(setup, fitting, CONTEXT);
const sustainable = fitting / (OUTPUT * full.seconds);

// A static batch of four worked by hand: each request's output tokens.
const handOutputs = [12, 40, 7, 25];
const handUsed = handOutputs.reduce((s, n) => s + n, 0);
const handHeld = handOutputs.length * Math.max(...handOutputs);

const ms = (seconds: number) => `${formatNumber(seconds * 1000, 3)} ms`;

export const facts = {
  kvPerToken: fact({
    value: perToken,
    unit: 'B',
    text: formatSi(perToken, 'B'),
    provenance: 'analytic',
    about: `${model.name}'s keys and values for one token in bf16: 2 × layers × KV heads × head size × 2 bytes`,
    source: model.source,
  }),
  weights: fact({
    value: analytic.weightBytes(setup),
    unit: 'B',
    text: formatSi(analytic.weightBytes(setup), 'B'),
    provenance: 'analytic',
    about: `${model.name}'s weights in bf16`,
    source: model.source,
  }),
  memoryShare: fact({
    value: MEMORY_FRACTION,
    unit: '%',
    text: `${formatNumber(MEMORY_FRACTION * 100)} %`,
    provenance: 'published',
    about: "the share of the GPU's memory vLLM fills by default",
    source: VLLM_ARGS,
  }),
  blockSize: published(
    SCALE_BLOCK_SIZE,
    'tokens',
    `${SCALE_BLOCK_SIZE} tokens`,
    "vLLM's default KV block size",
    VLLM_ARGS,
  ),
  poolTokens: count(
    poolTokens,
    'tokens',
    `tokens of KV cache that fit beside ${model.name}'s bf16 weights in ${formatNumber(MEMORY_FRACTION * 100)} % of an H100's memory`,
    device.source,
  ),
  singleRate: figure(
    1 / single.seconds,
    'tokens/s',
    `${model.name} decoding one sequence at ${formatInteger(CONTEXT)} tokens of context, bf16 on an H100 (cost model)`,
  ),
  fullRate: figure(
    full.tokensPerSecond,
    'tokens/s',
    `${model.name} decoding ${formatInteger(fitting)} sequences at ${formatInteger(CONTEXT)} tokens of context, bf16 on an H100 (cost model)`,
  ),
  orcaThroughput: published(
    36.9,
    '×',
    '36.9 times',
    "Orca's throughput over NVIDIA FasterTransformer at the same latency, serving GPT-3 175B",
    ORCA,
  ),
};

export const exercises = {
  staticWaste: {
    answer: fact({
      value: handUsed / handHeld,
      unit: '%',
      text: `${formatNumber((100 * handUsed) / handHeld)} %`,
      provenance: 'analytic',
      about: 'the share of slot-steps that do work in the static batch worked by hand',
    }),
    working: [
      `The batch holds its ${handOutputs.length} slots until its longest request ends: ${Math.max(...handOutputs)} decode steps, ${handOutputs.length} × ${Math.max(...handOutputs)} = ${handHeld} slot-steps.`,
      `The requests use ${handOutputs.join(' + ')} = ${handUsed} of them; the rest is padding, slots held by finished requests.`,
      `Utilisation = ${handUsed} / ${handHeld} = ${formatNumber((100 * handUsed) / handHeld)} %. Continuous batching would hand each freed slot to a waiting request on the next step.`,
    ],
  },
  poolSequences: {
    answer: count(
      fitting,
      'sequences',
      `sequences of ${formatInteger(CONTEXT)} tokens whose KV cache fits beside ${model.name} on an H100`,
    ),
    working: [
      `One token's keys and values: 2 × ${model.shape.L} layers × ${model.shape.K} KV heads × ${model.shape.H} × 2 bytes = ${formatSi(perToken, 'B')}.`,
      `The server may fill ${formatNumber(MEMORY_FRACTION * 100)} % of ${formatSi(device.memoryBytes, 'B')}; the weights take ${formatSi(analytic.weightBytes(setup), 'B')}, leaving ${formatSi(poolTokens * perToken, 'B')} in whole blocks of ${SCALE_BLOCK_SIZE} tokens: ${formatInteger(blocks)} blocks, ${formatInteger(poolTokens)} tokens.`,
      `${formatInteger(poolTokens)} / ${formatInteger(CONTEXT)} = ${formatInteger(fitting)} sequences of ${formatInteger(CONTEXT)} tokens at most: memory, not the scheduler, caps the batch.`,
    ],
  },
  sustainableRate: {
    answer: figure(
      sustainable,
      'requests/s',
      `requests of ${OUTPUT} output tokens per second that ${formatInteger(fitting)} busy slots finish, ${model.name} on an H100 (cost model)`,
    ),
    working: [
      `A decode step of ${formatInteger(fitting)} sequences at ${formatInteger(CONTEXT)} tokens reads the weights once and every sequence's cache: ${formatSi(full.weightBytesRead + full.kvBytesMoved, 'B')} at ${formatSi(device.bandwidth, 'B/s')}, ${ms(full.seconds)} (${full.bound}-bound).`,
      `A request needs ${OUTPUT} steps, so each slot finishes one request every ${OUTPUT} × ${ms(full.seconds)} = ${formatNumber(OUTPUT * full.seconds, 3)} s.`,
      `${formatInteger(fitting)} slots kept busy finish ${formatInteger(fitting)} / ${formatNumber(OUTPUT * full.seconds, 3)} = ${formatNumber(sustainable, 3)} requests per second (prefill ignored). Requests arriving faster than that queue without end, however the batch is scheduled.`,
    ],
  },
};

/** The context and output of the exercises, as the prose writes them. */
const contextTokens = formatInteger(CONTEXT);
const outputTokens = formatInteger(OUTPUT);

export { handOutputs, contextTokens, outputTokens };
