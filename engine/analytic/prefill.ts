/**
 * The cost model of a prefill: B prompts of T tokens each pushed through the model at once, from an empty cache.
 * Every weight that multiplies is read once for all B·T tokens (the embedding table only for their rows), the
 * prompt's keys and values are written to the cache, causal attention scores each token against those before it,
 * and the output head runs on each prompt's last token only, whose logits choose the first output token. The step takes the longer of its bytes ÷ bandwidth and its FLOPs ÷ peak: for long prompts, the FLOPs. Its
 * time is most of a request's time to first token.
 */
import { attentionCost } from './attention';
import { bytesPer } from './dtype';
import type { ServingSetup } from './decode';
import { kvBytesPerToken, matmulParams, paramCount } from './llama-shape';
import { peakFlops, type Bound } from './roofline';

export interface PrefillStep {
  B: number;
  T: number;
  flops: number;
  /** Weights read once, plus the B·T embedding rows, plus the prompt's keys and values written. */
  bytes: number;
  seconds: number;
  bound: Bound;
}

export function prefillStep(setup: ServingSetup, B: number, T: number): PrefillStep {
  const { model, device, weightDtype, kvDtype } = setup;
  const { V, D, L, N, K, H, tiedEmbeddings } = model;
  const untiedEmbeddingTable = tiedEmbeddings ? 0 : V * D;
  const weights = (paramCount(model) - untiedEmbeddingTable + B * T * D) * bytesPer(weightDtype);
  const bytes = weights + B * T * kvBytesPerToken(model, kvDtype);
  const attention = attentionCost({ B, T, S: T, N, K, H }, kvDtype, true);
  const head = V * D;
  const flops = 2 * B * T * (matmulParams(model) - head) + 2 * B * head + L * attention.flops;
  const memorySeconds = bytes / device.bandwidth;
  const computeSeconds = flops / peakFlops(device, weightDtype);
  return {
    B,
    T,
    flops,
    bytes,
    seconds: Math.max(memorySeconds, computeSeconds),
    bound: memorySeconds >= computeSeconds ? 'memory' : 'compute',
  };
}
