/**
 * Shapes of published Llama-family models, as their Hugging Face config.json files and papers give them.
 * Each model lists where its numbers come from.
 */
import type { LlamaShape } from './llama-shape';
import type { Source } from './source';
import { presetById } from './preset';

export interface ModelPreset {
  id: string;
  name: string;
  shape: LlamaShape;
  /** The longest context the model was trained for, in tokens: its config's max_position_embeddings. */
  context: number;
  source: Source;
}

const LLAMA2_PAPER = 'https://arxiv.org/abs/2307.09288';

export const MODELS = [
  {
    id: 'llama-2-7b',
    name: 'Llama 2 7B',
    shape: { V: 32000, D: 4096, F: 11008, L: 32, N: 32, K: 32, H: 128, tiedEmbeddings: false },
    context: 4096,
    source: {
      title: 'meta-llama/Llama-2-7b-hf config.json; Touvron et al. 2023, Llama 2',
      url: LLAMA2_PAPER,
      note: 'hidden_size 4096, intermediate_size 11008, 32 layers, 32 heads, 32 KV heads, vocab 32000, max_position_embeddings 4096.',
    },
  },
  {
    id: 'llama-2-13b',
    name: 'Llama 2 13B',
    shape: { V: 32000, D: 5120, F: 13824, L: 40, N: 40, K: 40, H: 128, tiedEmbeddings: false },
    context: 4096,
    source: {
      title: 'meta-llama/Llama-2-13b-hf config.json; Touvron et al. 2023, Llama 2',
      url: LLAMA2_PAPER,
      note: 'hidden_size 5120, intermediate_size 13824, 40 layers, 40 heads, 40 KV heads, vocab 32000, max_position_embeddings 4096.',
    },
  },
  {
    id: 'llama-2-70b',
    name: 'Llama 2 70B',
    shape: { V: 32000, D: 8192, F: 28672, L: 80, N: 64, K: 8, H: 128, tiedEmbeddings: false },
    context: 4096,
    source: {
      title: 'meta-llama/Llama-2-70b-hf config.json; Touvron et al. 2023, Llama 2',
      url: LLAMA2_PAPER,
      note: 'hidden_size 8192, intermediate_size 28672, 80 layers, 64 heads, 8 KV heads (GQA), vocab 32000, max_position_embeddings 4096.',
    },
  },
  {
    id: 'llama-3-8b',
    name: 'Llama 3 8B',
    shape: { V: 128256, D: 4096, F: 14336, L: 32, N: 32, K: 8, H: 128, tiedEmbeddings: false },
    context: 8192,
    source: {
      title: 'meta-llama/Meta-Llama-3-8B config.json; Llama Team 2024, The Llama 3 Herd of Models',
      url: 'https://arxiv.org/abs/2407.21783',
      note: 'hidden_size 4096, intermediate_size 14336, 32 layers, 32 heads, 8 KV heads, vocab 128256, max_position_embeddings 8192.',
    },
  },
  {
    id: 'llama-3-70b',
    name: 'Llama 3 70B',
    shape: { V: 128256, D: 8192, F: 28672, L: 80, N: 64, K: 8, H: 128, tiedEmbeddings: false },
    context: 8192,
    source: {
      title: 'meta-llama/Meta-Llama-3-70B config.json; Llama Team 2024, The Llama 3 Herd of Models',
      url: 'https://arxiv.org/abs/2407.21783',
      note: 'hidden_size 8192, intermediate_size 28672, 80 layers, 64 heads, 8 KV heads, vocab 128256, max_position_embeddings 8192.',
    },
  },
  {
    id: 'mistral-7b',
    name: 'Mistral 7B',
    shape: { V: 32000, D: 4096, F: 14336, L: 32, N: 32, K: 8, H: 128, tiedEmbeddings: false },
    context: 32768,
    source: {
      title: 'mistralai/Mistral-7B-v0.1 config.json; Jiang et al. 2023, Mistral 7B, table 1',
      url: 'https://arxiv.org/abs/2310.06825',
      note: 'dim 4096, hidden_dim 14336, 32 layers, 32 heads, 8 KV heads, head_dim 128, vocab 32000, max_position_embeddings 32768 (the paper’s table 1 gives a context of 8192).',
    },
  },
] as const satisfies readonly ModelPreset[];

export type ModelId = (typeof MODELS)[number]['id'];

/** The preset with this id. */
export function modelById(id: ModelId): ModelPreset {
  return presetById(MODELS, id, 'model');
}
