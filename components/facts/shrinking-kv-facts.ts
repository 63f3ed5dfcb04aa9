/**
 * The numbers lesson 3 (shrinking the KV cache) quotes in its prose and exercises, computed from engine/analytic
 * and the published presets and layouts. Lessons render these; none is typed by hand.
 */
import { analytic } from '@engine/index';
import { formatInteger, formatNumber, formatSeconds, formatSi } from '../charts/format';
import {
  bytes,
  count,
  fact,
  figure,
  published,
  trainedContext,
  type ExerciseAnswer,
  type Fact,
} from './fact';
import { RUNNING, runningSetup } from '../running-example/running-example';
import { facts as prefillFacts } from './prefill-decode-facts';

const h100 = analytic.hardwareById('h100-sxm');
const llama13 = analytic.modelById('llama-2-13b');
const v2 = analytic.kvModelById('deepseek-v2');
const mistral = analytic.kvModelById('mistral-7b');
const gemma2 = analytic.kvModelById('gemma-2-9b');
const gemma3 = analytic.kvModelById('gemma-3-27b');
const gemma2Context = gemma2.context;
const cla = analytic.kvModelById('llama-2-13b-cla2');

const gqaK = 8;
const gqaShape = { ...llama13.shape, K: gqaK };
const context = 4096;
const longContext = 32_768;
const perToken = (layout: analytic.KvLayout, S = context) => analytic.layoutBytesPerToken(layout, S, 'bf16');

const mhaPerToken = analytic.kvBytesPerToken(llama13.shape, 'bf16');
const mambaState = analytic.stateBytes(analytic.MAMBA_2_8B.shape, 'bf16');
const mambaPeerPerToken = analytic.kvBytesPerToken(analytic.MAMBA_PEER.shape, 'bf16');
const gqaPerToken = analytic.kvBytesPerToken(gqaShape, 'bf16');
const v2PerToken = perToken(v2.layout);
const v2MhaPerToken = perToken(analytic.mhaLayout(v2));
const v2Latent = analytic.layerCacheElements(v2.layout.cache);
const v2Groups = v2Latent / (2 * v2.mha.H);
const mistralSaving =
  perToken(analytic.headsLayout({ L: 32, K: 8, H: 128 }), longContext) /
  perToken(mistral.layout, longContext);
/** A windowed model's cache at S as a share of the same model with every layer global. */
const windowShare = (m: analytic.KvModelPreset, S: number) =>
  perToken(m.layout, S) /
  perToken({ L: m.layout.L, cache: m.layout.cache, shareGroup: m.layout.shareGroup }, S);
const serving = (shape: analytic.LlamaShape): analytic.ServingSetup => ({
  model: shape,
  device: h100,
  weightDtype: 'bf16',
  kvDtype: 'bf16',
});
const mhaBatch = analytic.maxBatch(serving(llama13.shape), context);
const gqaBatch = analytic.maxBatch(serving(gqaShape), context);
const mhaStep = analytic.decodeStep(serving(llama13.shape), mhaBatch, context);
const gqaStep = analytic.decodeStep(serving(gqaShape), gqaBatch, context);
const gqaWeights = analytic.weightBytes(serving(gqaShape));
const mhaWeights = analytic.weightBytes(serving(llama13.shape));

const percent = (share: number, about: string): Fact => figure(100 * share, '%', about);

const AINSLIE: analytic.Source = {
  title: 'Ainslie et al. 2023, GQA, abstract',
  url: 'https://arxiv.org/abs/2305.13245',
};
const CHARACTER_AI: analytic.Source = {
  title: 'Character.AI 2024, Optimizing AI Inference at Character.AI',
  url: 'https://research.character.ai/optimizing-inference/',
};
const v2Paper = v2.published!.source;
const v2Cache = v2.layout.cache;
if (v2Cache.kind !== 'latent') throw new Error('DeepSeek-V2 caches a latent');
const claPaper = cla.published!.source;
const mistralPaper = mistral.published!.source;
const windowWords = (m: analytic.KvModelPreset) => {
  const { global, local } = analytic.layerSplit(m.layout);
  return `${local} local layers with a ${formatInteger(m.layout.window!.W)}-token window and ${global} global ones`;
};

export const facts = {
  llama13Name: llama13.name,
  h100Name: h100.name,
  gqaK,
  groupSize: llama13.shape.N / gqaK,
  mhaK: llama13.shape.K,
  llama13Heads: `${llama13.shape.N} query heads, ${llama13.shape.L} layers and head dimension ${llama13.shape.H}`,
  context: count(context, 'tokens', 'context length of the serving example'),
  longContext: count(longContext, 'tokens', 'context length of the window examples'),
  mhaPerToken: bytes(mhaPerToken, `${llama13.name} KV cache per token in bf16, 40 KV heads`, llama13.source),
  gqaPerToken: bytes(gqaPerToken, `${llama13.name}'s shape with ${gqaK} KV heads, per token in bf16`),
  v2Latent: count(
    v2Latent,
    'numbers',
    `DeepSeek-V2 cache per layer per token: kv_lora_rank + qk_rope_head_dim`,
  ),
  v2KeyWidth: count(
    v2.mha.N * v2.mha.H,
    'numbers',
    'DeepSeek-V2 keys per layer per token if every head kept its own: N · H',
    v2.source,
  ),
  v2MhaWidth: count(
    2 * v2.mha.N * v2.mha.H,
    'numbers',
    'DeepSeek-V2 keys and values per layer per token if every head kept its own: 2 · N · H',
    v2.source,
  ),
  v2LatentRank: count(v2Cache.C, 'numbers', 'DeepSeek-V2 latent alone: kv_lora_rank', v2.source),
  v2PerToken: bytes(v2PerToken, 'DeepSeek-V2 KV cache per token in bf16, 60 layers', v2.source),
  v2MhaPerToken: bytes(
    v2MhaPerToken,
    'DeepSeek-V2 with 128 full key/value heads of 128 dimensions, per token in bf16',
  ),
  v2Share: percent(v2PerToken / v2MhaPerToken, 'DeepSeek-V2 cache as a share of its multi-head equivalent'),
  v2Groups: figure(
    v2Groups,
    'groups',
    'the GQA group count with the same cache as DeepSeek-V2’s latent: (512 + 64) / (2 · 128)',
    v2.source,
  ),
  claShare: percent(perToken(cla.layout) / mhaPerToken, 'Llama 2 13B with layer pairs sharing one cache'),
  mistralSaving: fact({
    value: mistralSaving,
    unit: '×',
    text: `${formatNumber(mistralSaving)} times`,
    provenance: 'analytic',
    about: 'Mistral 7B cache at 32,768 tokens without and with its 4096-token window',
    source: mistral.source,
  }),
  gemma2Context: trainedContext(gemma2),
  gemma2Share: percent(
    windowShare(gemma2, gemma2Context),
    `${gemma2.name} cache at its full ${formatInteger(gemma2Context)}-token context against all layers global`,
  ),
  gemma3Share: percent(
    windowShare(gemma3, longContext),
    'Gemma 3 27B cache at 32,768 tokens against all layers global',
  ),
  mhaBatch: count(
    mhaBatch,
    'sequences',
    `largest batch of ${context}-token ${llama13.name} sequences on an ${h100.name}`,
  ),
  gqaBatch: count(gqaBatch, 'sequences', `the same with ${gqaK} KV heads`),
  mhaThroughput: count(
    Math.round(mhaStep.tokensPerSecond),
    'tokens/s',
    `${llama13.name} at its largest batch`,
  ),
  gqaThroughput: count(
    Math.round(gqaStep.tokensPerSecond),
    'tokens/s',
    `with ${gqaK} KV heads at its largest batch`,
  ),
  v2Heads: `${v2.mha.N} query heads of ${v2.mha.H} dimensions`,
  v2Parts: `a latent of ${v2Cache.C} numbers plus ${v2Cache.R} rotary dimensions`,
  v2Layers: `${v2.layout.L} layers`,
  gemma2Layout: windowWords(gemma2),
  gemma3Layout: windowWords(gemma3),
  mistralWindow: count(
    mistral.layout.window!.W,
    'tokens',
    'Mistral 7B sliding window (config.json sliding_window)',
  ),
  uptrainCompute: published(
    5,
    '%',
    '5 %',
    'share of the original pre-training compute used to uptrain',
    AINSLIE,
  ),
  v2PublishedGroups: published(
    2.25,
    'groups',
    '2.25 groups',
    'GQA group count with the cache of MLA',
    v2Paper,
  ),
  v2PublishedReduction: published(
    93.3,
    '%',
    '93.3 %',
    'KV cache reduction of DeepSeek-V2 against DeepSeek 67B',
    v2Paper,
  ),
  v2PublishedThroughput: published(
    5.76,
    '×',
    '5.76 times',
    'maximum generation throughput against DeepSeek 67B',
    v2Paper,
  ),
  claPublished: published(2, '×', 'a further factor of 2', 'cache reduction of CLA over MQA', claPaper),
  mistralPublished: published(
    8,
    '×',
    '8 times',
    'cache memory saved at 32k tokens by the rolling buffer',
    mistralPaper,
  ),
  characterAiReduction: published(
    20,
    '×',
    'more than 20 times',
    'KV cache reduction Character.AI reports',
    CHARACTER_AI,
  ),
  h100Bandwidth: prefillFacts.h100Bandwidth,
  runningBatch: prefillFacts.runningMidBatch,
  runningContext: prefillFacts.runningContext,
  runningBatchList: prefillFacts.runningBatchList,
  llama13Weights: bytes(mhaWeights, `${llama13.name} weights in bf16, as published`),
  mambaName: analytic.MAMBA_2_8B.name,
  mambaState: bytes(
    mambaState,
    `${analytic.MAMBA_2_8B.name}'s decoding state per sequence in bf16, at any context`,
    analytic.MAMBA_2_8B.source,
  ),
  mambaPeerName: analytic.MAMBA_PEER.name,
  mambaCrossing: count(
    mambaState / mambaPeerPerToken,
    'tokens',
    `context at which ${analytic.MAMBA_PEER.name}'s KV cache holds as many bytes as ${analytic.MAMBA_2_8B.name}'s whole state (bf16)`,
  ),
  mambaRatioAtRunning: figure(
    (mambaPeerPerToken * RUNNING.S) / mambaState,
    '×',
    `${analytic.MAMBA_PEER.name}'s cache at ${formatInteger(RUNNING.S)} tokens against ${analytic.MAMBA_2_8B.name}'s state`,
  ),
  weightSaving: bytes(
    mhaWeights - gqaWeights,
    `key and value projection weights saved by ${gqaK} KV heads, bf16`,
  ),
};

// Exercise: DeepSeek-V2's cache against its multi-head equivalent.
const v2Ratio = v2MhaPerToken / v2PerToken;
// Exercise: Gemma 3 27B's cache at 32k against all-global.
const g3Share = windowShare(gemma3, longContext);
const g3Split = analytic.layerSplit(gemma3.layout);
const g3Window = gemma3.layout.window!.W;

// Exercise: the running example's step at a fixed batch, 40 KV heads against 8 (lecture's accounting).
const fixedBatch = RUNNING.batches[1]!;
const mhaRunning = analytic.lectureDecodeStep(runningSetup(), fixedBatch, RUNNING.S);
const gqaRunning = analytic.lectureDecodeStep(runningSetup(gqaK), fixedBatch, RUNNING.S);
const runningKv = (K?: number) => analytic.kvCacheBytes(runningSetup(K), fixedBatch, RUNNING.S);

export const exercises = {
  gqaGain: {
    answer: figure(
      mhaRunning.seconds / gqaRunning.seconds,
      '×',
      `how many times faster the running example's step is with ${gqaK} KV heads at B = ${fixedBatch}`,
    ),
    working: [
      `With ${llama13.shape.K} KV heads a step reads ${formatSi(mhaWeights, 'B')} of weights and ${formatInteger(fixedBatch)} · ${formatInteger(RUNNING.S)} · ${formatInteger(mhaPerToken)} bytes = ${formatSi(runningKv(), 'B')} of cache: ${formatSi(mhaRunning.bytes, 'B')}, ${formatSeconds(mhaRunning.seconds)} at ${formatSi(h100.bandwidth, 'B/s')}.`,
      `With ${gqaK}: ${formatSi(gqaWeights, 'B')} of weights and ${formatInteger(fixedBatch)} · ${formatInteger(RUNNING.S)} · ${formatInteger(gqaPerToken)} bytes = ${formatSi(runningKv(gqaK), 'B')} of cache: ${formatSi(gqaRunning.bytes, 'B')}, ${formatSeconds(gqaRunning.seconds)}.`,
      `${formatSeconds(mhaRunning.seconds)} ÷ ${formatSeconds(gqaRunning.seconds)} = ${formatNumber(mhaRunning.seconds / gqaRunning.seconds)}: less than the cache's ${formatNumber(mhaPerToken / gqaPerToken)}-fold shrink, because the weights, read once per step either way, are most of what is left.`,
    ],
  },
  mlaRatio: {
    answer: fact({
      value: v2Ratio,
      unit: 'times',
      text: `${formatNumber(v2Ratio)} times smaller`,
      provenance: 'analytic',
      about: 'DeepSeek-V2 multi-head equivalent cache over its latent cache',
      source: v2.source,
    }),
    working: [
      `Multi-head with 128 heads of 128 dimensions caches 2 · 128 · 128 = ${formatInteger(2 * 128 * 128)} numbers per layer per token.`,
      `DeepSeek-V2 caches its latent and the shared RoPE key: 512 + 64 = ${formatInteger(v2Latent)} numbers per layer.`,
      `${formatInteger(2 * 128 * 128)} ÷ ${formatInteger(v2Latent)} = ${formatNumber(v2Ratio)}: the latent is ${formatNumber(100 / v2Ratio)} % of the multi-head cache, the same in every one of its ${v2.layout.L} layers.`,
      `In bf16: ${formatSi(v2PerToken, 'B')} per token instead of ${formatSi(v2MhaPerToken, 'B')}.`,
    ],
  },
  windowShare: {
    answer: percent(g3Share, 'Gemma 3 27B cache at 32,768 tokens as a share of an all-global cache'),
    working: [
      `Gemma 3 27B has ${gemma3.layout.L} layers: ${g3Split.local} local (window ${formatInteger(g3Window)}) and ${g3Split.global} global.`,
      `At ${formatInteger(longContext)} tokens a global layer keeps all of them; a local layer keeps ${formatInteger(g3Window)}, 1/${formatInteger(longContext / g3Window)} as many.`,
      `Share of an all-global cache: (${g3Split.global} + ${g3Split.local}/${formatInteger(longContext / g3Window)}) ÷ ${gemma3.layout.L} = ${formatNumber(100 * g3Share)} %.`,
      `The global layers alone hold ${formatNumber((100 * g3Split.global) / gemma3.layout.L)} % of the all-global cache: past a few windows of context, they are nearly all of it.`,
    ],
  },
  gqaBatch: {
    answer: count(gqaBatch, 'sequences', `largest batch of ${context}-token sequences with ${gqaK} KV heads`),
    working: [
      `With ${gqaK} KV heads the key and value projections shrink, so the weights are ${formatSi(gqaWeights, 'B')} instead of ${formatSi(mhaWeights, 'B')}.`,
      `Left for the cache on the ${h100.name}: ${formatSi(h100.memoryBytes, 'B')} − ${formatSi(gqaWeights, 'B')} = ${formatSi(h100.memoryBytes - gqaWeights, 'B')}.`,
      `Each sequence: ${formatInteger(context)} tokens · 2 · ${llama13.shape.L} · ${gqaK} · ${llama13.shape.H} · 2 bytes = ${formatSi(context * gqaPerToken, 'B')}.`,
      `${formatSi(h100.memoryBytes - gqaWeights, 'B')} ÷ ${formatSi(context * gqaPerToken, 'B')} = ${formatNumber((h100.memoryBytes - gqaWeights) / (context * gqaPerToken))}, so ${formatInteger(gqaBatch)} sequences, against ${formatInteger(mhaBatch)} with all ${llama13.shape.K} heads.`,
    ],
  },
} satisfies Record<string, ExerciseAnswer>;
