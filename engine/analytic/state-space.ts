/**
 * The per-sequence state of a selective state-space model (Mamba), the other way out of a growing KV cache: each
 * layer keeps a fixed state however long the context, instead of keys and values for every past token. Gu & Dao
 * (2023): a Mamba block widens the stream to E·D channels (E, the expansion, is 2), each carrying an N-number SSM
 * state (N = 16), after a causal convolution over the last d_conv inputs (4) whose window decoding keeps too.
 */
import { bytesPer, type DType } from './dtype';
import type { Source } from './source';

export interface StateSpaceShape {
  /** Model width D. */
  D: number;
  L: number;
  /** Expansion E: the block's inner width is E·D. */
  expand: number;
  /** SSM state numbers per inner channel. */
  stateSize: number;
  /** Width of the causal convolution, inputs kept per inner channel. */
  convWidth: number;
}

export interface StateSpacePreset {
  id: string;
  name: string;
  shape: StateSpaceShape;
  source: Source;
}

export const MAMBA_2_8B: StateSpacePreset = {
  id: 'mamba-2.8b',
  name: 'Mamba 2.8B',
  shape: { D: 2560, L: 64, expand: 2, stateSize: 16, convWidth: 4 },
  source: {
    title: 'Gu & Dao (2023), Mamba: Linear-Time Sequence Modeling with Selective State Spaces',
    url: 'https://arxiv.org/abs/2312.00752',
    note: 'the 2.8B model: 64 layers, d_model 2560; every model: expansion E = 2, SSM state N = 16, convolution width 4 (the reference code keeps a convolution state of d_conv inputs per channel).',
  },
};

/** A transformer's KV layout, as far as its cache per token needs it. */
export interface KvPeer {
  name: string;
  shape: { L: number; K: number; H: number };
  source: Source;
}

/** The transformer of Mamba 2.8B's size that its paper compares it with: 32 layers of 32 heads of 80. */
export const MAMBA_PEER: KvPeer = {
  name: 'Pythia 2.8B',
  shape: { L: 32, K: 32, H: 80 },
  source: {
    title:
      'Biderman et al. (2023), Pythia: A Suite for Analyzing Large Language Models Across Training and Scaling',
    url: 'https://arxiv.org/abs/2304.01373',
    note: 'the 2.8B model: 32 layers, model width 2560, 32 attention heads (80 numbers each), multi-head attention.',
  },
};

/** Numbers one sequence's decoding state holds in every layer together: SSM state and convolution window. */
export function stateNumbers({ D, L, expand, stateSize, convWidth }: StateSpaceShape): number {
  return L * expand * D * (stateSize + convWidth);
}

/** Bytes of one sequence's decoding state in `dtype`: the same at every context. */
export function stateBytes(shape: StateSpaceShape, dtype: DType): number {
  return stateNumbers(shape) * bytesPer(dtype);
}
