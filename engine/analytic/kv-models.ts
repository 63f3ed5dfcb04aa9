/**
 * How published models lay out their KV cache, one per attention variant, as their Hugging Face config.json files
 * and papers give them: the numbers each cached layer stores, cross-layer sharing and sliding windows. Only the
 * cache is described here (models.ts has full shapes for the cost model); `mha` is the same model with one
 * key/value head per query head in every layer, the baseline each variant is measured against. Every preset lists
 * its source, and figures its authors published about the cache are kept beside it.
 */
import { headsLayout, type KvLayout } from './kv-layout';
import type { Source } from './source';
import { presetById } from './preset';

/** The family of tricks a preset uses, as the lesson names them. */
export type KvVariant = 'MHA' | 'GQA' | 'MQA' | 'MLA' | 'CLA' | 'window';

/** A figure the model's authors published about its cache, quoted with its source. */
export interface PublishedKvClaim {
  text: string;
  source: Source;
}

export interface KvModelPreset {
  id: string;
  name: string;
  variant: KvVariant;
  layout: KvLayout;
  /** Query heads N and head dimension H of the multi-head baseline. */
  mha: { N: number; H: number };
  /** The longest context the model was trained for, in tokens (its config's max_position_embeddings). */
  context: number;
  /** True when the layout applies a paper's design to another model's shape instead of describing a released model. */
  whatIf?: boolean;
  source: Source;
  published?: PublishedKvClaim;
}

const LLAMA2: Source = {
  title: 'meta-llama/Llama-2-13b-hf config.json; Touvron et al. 2023, Llama 2',
  url: 'https://arxiv.org/abs/2307.09288',
  note: '40 layers, 40 heads, 40 KV heads, hidden_size 5120 (head dimension 128), max_position_embeddings 4096.',
};
const DEEPSEEK_V2 = 'https://arxiv.org/abs/2405.04434';
const CLA_PAPER = 'https://arxiv.org/abs/2405.12981';
const MISTRAL_PAPER = 'https://arxiv.org/abs/2310.06825';

export const KV_MODELS = [
  {
    id: 'llama-2-13b',
    name: 'Llama 2 13B',
    variant: 'MHA',
    layout: { L: 40, cache: { kind: 'heads', K: 40, H: 128 }, shareGroup: 1 },
    mha: { N: 40, H: 128 },
    context: 4096,
    source: LLAMA2,
  },
  {
    id: 'llama-3-70b',
    name: 'Llama 3 70B',
    variant: 'GQA',
    layout: { L: 80, cache: { kind: 'heads', K: 8, H: 128 }, shareGroup: 1 },
    mha: { N: 64, H: 128 },
    context: 8192,
    source: {
      title: 'meta-llama/Meta-Llama-3-70B config.json; Llama Team 2024, The Llama 3 Herd of Models',
      url: 'https://arxiv.org/abs/2407.21783',
      note: '80 layers, 64 heads, 8 KV heads, hidden_size 8192 (head dimension 128), max_position_embeddings 8192.',
    },
  },
  {
    id: 'gemma-2b',
    name: 'Gemma 2B',
    variant: 'MQA',
    layout: { L: 18, cache: { kind: 'heads', K: 1, H: 256 }, shareGroup: 1 },
    mha: { N: 8, H: 256 },
    context: 8192,
    source: {
      title:
        'google/gemma-2b config.json; Gemma Team 2024, Gemma: Open Models Based on Gemini Research and Technology, table 1',
      url: 'https://arxiv.org/abs/2403.08295',
      note: '18 layers, 8 heads, 1 KV head (multi-query), head_dim 256, max_position_embeddings 8192.',
    },
  },
  {
    id: 'deepseek-v2',
    name: 'DeepSeek-V2',
    variant: 'MLA',
    layout: { L: 60, cache: { kind: 'latent', C: 512, R: 64 }, shareGroup: 1 },
    mha: { N: 128, H: 128 },
    context: 131_072,
    source: {
      title: 'deepseek-ai/DeepSeek-V2 config.json; DeepSeek-AI 2024, DeepSeek-V2, section 2.1',
      url: DEEPSEEK_V2,
      note: '60 layers, 128 heads, kv_lora_rank 512 (d_c), qk_rope_head_dim 64 (d_h^R), qk_nope_head_dim 128 (d_h); a context of 128K tokens (abstract).',
    },
    published: {
      text: 'MLA caches as much per token as GQA with 2.25 groups; against DeepSeek 67B, a 93.3 % smaller KV cache and 5.76 times the maximum generation throughput.',
      source: {
        title: 'DeepSeek-AI 2024, DeepSeek-V2, abstract and table 1',
        url: DEEPSEEK_V2,
      },
    },
  },
  {
    id: 'deepseek-v3',
    name: 'DeepSeek-V3',
    variant: 'MLA',
    layout: { L: 61, cache: { kind: 'latent', C: 512, R: 64 }, shareGroup: 1 },
    mha: { N: 128, H: 128 },
    context: 131_072,
    source: {
      title: 'deepseek-ai/DeepSeek-V3 config.json; DeepSeek-AI 2024, DeepSeek-V3 Technical Report',
      url: 'https://arxiv.org/abs/2412.19437',
      note: '61 layers, 128 heads, kv_lora_rank 512, qk_rope_head_dim 64, qk_nope_head_dim 128; a context of 128K tokens (abstract).',
    },
  },
  {
    id: 'llama-2-13b-cla2',
    name: 'Llama 2 13B, CLA2',
    variant: 'CLA',
    layout: { L: 40, cache: { kind: 'heads', K: 40, H: 128 }, shareGroup: 2 },
    mha: { N: 40, H: 128 },
    context: 4096,
    whatIf: true,
    source: {
      title:
        'Brandon et al. 2024, Reducing Transformer Key-Value Cache Size with Cross-Layer Attention; shape from Llama 2 13B',
      url: CLA_PAPER,
      note: 'CLA2: each pair of adjacent layers reads one cache. No released model shares its cache in adjacent pairs (Gemma 3n shares its last layers’ caches instead), so the pairs are applied here to Llama 2 13B’s shape.',
    },
    published: {
      text: 'Combined with MQA, sharing across layer pairs halves the cache again at nearly the accuracy of plain MQA.',
      source: { title: 'Brandon et al. 2024, abstract', url: CLA_PAPER },
    },
  },
  {
    id: 'mistral-7b',
    name: 'Mistral 7B',
    variant: 'window',
    layout: {
      L: 32,
      cache: { kind: 'heads', K: 8, H: 128 },
      shareGroup: 1,
      window: { W: 4096, localLayers: 32 },
    },
    mha: { N: 32, H: 128 },
    context: 32_768,
    source: {
      title: 'mistralai/Mistral-7B-v0.1 config.json; Jiang et al. 2023, Mistral 7B, table 1',
      url: MISTRAL_PAPER,
      note: '32 layers, 32 heads, 8 KV heads, head_dim 128, sliding_window 4096 in every layer, max_position_embeddings 32768.',
    },
    published: {
      text: 'With a rolling buffer of 4096 tokens, a 32k-token sequence needs 8 times less cache memory.',
      source: { title: 'Jiang et al. 2023, Mistral 7B, section 2', url: MISTRAL_PAPER },
    },
  },
  {
    id: 'gemma-2-9b',
    name: 'Gemma 2 9B',
    variant: 'window',
    layout: {
      L: 42,
      cache: { kind: 'heads', K: 8, H: 256 },
      shareGroup: 1,
      window: { W: 4096, localLayers: 21 },
    },
    mha: { N: 16, H: 256 },
    context: 8192,
    source: {
      title:
        'google/gemma-2-9b config.json; Gemma Team 2024, Gemma 2: Improving Open Language Models at a Practical Size',
      url: 'https://arxiv.org/abs/2408.00118',
      note: '42 layers, 16 heads, 8 KV heads, head_dim 256; local (sliding window 4096) and global layers alternate; max_position_embeddings 8192.',
    },
  },
  {
    id: 'gemma-3-27b',
    name: 'Gemma 3 27B',
    variant: 'window',
    layout: {
      L: 62,
      cache: { kind: 'heads', K: 16, H: 128 },
      shareGroup: 1,
      window: { W: 1024, localLayers: 52 },
    },
    mha: { N: 32, H: 128 },
    context: 131_072,
    source: {
      title: 'google/gemma-3-27b-pt config.json; Gemma Team 2025, Gemma 3 Technical Report',
      url: 'https://arxiv.org/abs/2503.19786',
      note: '62 layers, 32 heads, 16 KV heads, head_dim 128; five local layers (window 1024) to each global one, starting with a local layer: 52 local, 10 global; max_position_embeddings 131072.',
    },
  },
] as const satisfies readonly KvModelPreset[];

export type KvModelId = (typeof KV_MODELS)[number]['id'];

/** The preset with this id. */
export function kvModelById(id: KvModelId): KvModelPreset {
  return presetById(KV_MODELS, id, 'KV layout');
}

/** The same model with one key/value head per query head in every layer, no sharing and no window. */
export function mhaLayout({ layout, mha }: KvModelPreset): KvLayout {
  return headsLayout({ L: layout.L, K: mha.N, H: mha.H });
}
