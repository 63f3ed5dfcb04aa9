/**
 * The numbers lesson 8 (PagedAttention) quotes in its prose and exercises: the lecture's running example, Llama 2
 * 13B in bf16 on one H100 with vLLM's pool (as lesson 7 sizes it), its requests held contiguously at the model's
 * whole context or paged at what they use, the waste of a block's unfilled rest, the memory a shared system prompt
 * saves, and what the PagedAttention paper published. None is typed by hand.
 */
import { analytic, poolBlocks, SCALE_BLOCK_SIZE, type Source } from '@engine/index';
import { formatInteger, formatNumber, formatSi } from '../charts/format';
import { bytes, count, figure, published } from './fact';

const VLLM: Source = {
  title:
    'Kwon et al. 2023, Efficient Memory Management for Large Language Model Serving with PagedAttention (SOSP)',
  url: 'https://arxiv.org/abs/2309.06180',
};
const LLAMA2: Source = {
  title: 'Touvron et al. 2023, Llama 2: Open Foundation and Fine-Tuned Chat Models, §2.2 (context length 4k)',
  url: 'https://arxiv.org/abs/2307.09288',
};

const model = analytic.modelById('llama-2-13b');
const device = analytic.hardwareById('h100-sxm');
const setup: analytic.ServingSetup = { model: model.shape, device, weightDtype: 'bf16', kvDtype: 'bf16' };
const perToken = analytic.kvBytesPerToken(model.shape, 'bf16');
const poolTokens = poolBlocks(setup) * SCALE_BLOCK_SIZE;

/** Llama 2's context: what a contiguous server reserves for every request. */
const MAX_CONTEXT = 4096;
/** What a request of the running example holds when it ends: lesson 7's context. */
const USED = 1024;
const contiguousFit = Math.floor(poolTokens / MAX_CONTEXT);
const pagedFit = Math.floor(poolTokens / (Math.ceil(USED / SCALE_BLOCK_SIZE) * SCALE_BLOCK_SIZE));

// A block's unfilled rest: lengths spread evenly over the residues leave (B − 1) / 2 slots empty on average.
const meanEmpty = (SCALE_BLOCK_SIZE - 1) / 2;

// Requests sharing a system prompt, prefix cached.
const SHARERS = 16;
const SYSTEM = 1000;
const sharedTokens = Math.floor(SYSTEM / SCALE_BLOCK_SIZE) * SCALE_BLOCK_SIZE;
const savedBytes = (SHARERS - 1) * sharedTokens * perToken;

export const facts = {
  maxContext: published(
    MAX_CONTEXT,
    'tokens',
    `${formatInteger(MAX_CONTEXT)} tokens`,
    "Llama 2's context length",
    LLAMA2,
  ),
  kvPerToken: bytes(perToken, `${model.name}'s keys and values for one token in bf16`, model.source),
  poolTokens: count(
    poolTokens,
    'tokens',
    `tokens of KV cache beside ${model.name}'s bf16 weights on an H100 (vLLM's defaults)`,
  ),
  pagedFit: count(
    pagedFit,
    'sequences',
    `sequences of ${formatInteger(USED)} tokens that fit in that pool, paged`,
  ),
  blockSize: published(
    SCALE_BLOCK_SIZE,
    'tokens',
    `${SCALE_BLOCK_SIZE} tokens`,
    "vLLM's default KV block size",
    VLLM,
  ),
  usedShare: published(
    0.382,
    '%',
    '20.4–38.2 %',
    'the share of KV cache memory holding tokens in the serving systems before PagedAttention, measured by its authors',
    { ...VLLM, note: 'Figure 2 and §1' },
  ),
  vllmThroughput: published(
    4,
    '×',
    '2–4 times',
    "vLLM's throughput over FasterTransformer and Orca at the same latency",
    {
      ...VLLM,
      note: 'abstract',
    },
  ),
};

export const exercises = {
  contiguousBatch: {
    answer: count(
      contiguousFit,
      'sequences',
      `requests that fit in ${model.name}'s pool on an H100 when each reserves ${formatInteger(MAX_CONTEXT)} tokens`,
    ),
    working: [
      `The pool holds ${formatInteger(poolTokens)} tokens of keys and values (${formatSi(perToken, 'B')} a token, vLLM's defaults, as lesson 7 worked out).`,
      `Reserving the whole context for each: ${formatInteger(poolTokens)} / ${formatInteger(MAX_CONTEXT)} = ${formatInteger(contiguousFit)} requests.`,
      `If they end at ${formatInteger(USED)} tokens, ${formatNumber((100 * USED) / MAX_CONTEXT)} % of each reservation ever holds a token; paged, the same pool holds ${formatInteger(pagedFit)} such requests, ${formatNumber(pagedFit / contiguousFit)} times the batch.`,
    ],
  },
  blockWaste: {
    answer: figure(
      meanEmpty / USED,
      '%',
      `the share of a ${formatInteger(USED)}-token sequence's blocks left empty, on average, in blocks of ${SCALE_BLOCK_SIZE}`,
    ),
    working: [
      `Only a sequence's last block can be partly empty: from 0 to ${SCALE_BLOCK_SIZE - 1} of its ${SCALE_BLOCK_SIZE} slots.`,
      `Over lengths spread evenly, that is (${SCALE_BLOCK_SIZE} − 1) / 2 = ${formatNumber(meanEmpty)} empty slots on average.`,
      `At ${formatInteger(USED)} tokens: ${formatNumber(meanEmpty)} / ${formatInteger(USED)} = ${formatNumber((100 * meanEmpty) / USED)} % of what the sequence holds, against ${formatNumber(100 - (100 * USED) / MAX_CONTEXT)} % for a reservation of ${formatInteger(MAX_CONTEXT)}.`,
    ],
  },
  prefixSaving: {
    answer: bytes(
      savedBytes,
      `KV memory that ${SHARERS} requests sharing a ${formatInteger(SYSTEM)}-token system prompt save with prefix caching, ${model.name} in bf16`,
    ),
    working: [
      `The cache shares whole blocks: ${formatInteger(SYSTEM)} tokens fill ${formatInteger(sharedTokens / SCALE_BLOCK_SIZE)} blocks of ${SCALE_BLOCK_SIZE}, ${formatInteger(sharedTokens)} tokens; the last ${formatInteger(SYSTEM - sharedTokens)} are each request's own.`,
      `The first request stores them; the other ${SHARERS - 1} point at the same blocks: ${SHARERS - 1} × ${formatInteger(sharedTokens)} × ${formatSi(perToken, 'B')} = ${formatSi(savedBytes, 'B')}.`,
      `That is room for ${formatNumber(savedBytes / (USED * perToken))} more sequences of ${formatInteger(USED)} tokens, and ${formatInteger((SHARERS - 1) * sharedTokens)} prompt tokens never prefilled again.`,
    ],
  },
};

/** Settings the prose writes out, formatted as the facts above use them. */
export const settings = {
  used: formatInteger(USED),
  sharers: formatInteger(SHARERS),
  system: formatInteger(SYSTEM),
};
