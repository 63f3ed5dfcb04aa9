/**
 * The cost model of a prefill: B prompts of T tokens each pushed through the model at once, from an empty cache.
 * Every weight that multiplies is read once for all B·T tokens (the embedding table only for their rows), the
 * prompt's keys and values are written to the cache, causal attention scores each token against those before it,
 * and the output head runs on each prompt's last token only, whose logits choose the first output token. The step takes the longer of its bytes ÷ bandwidth and its FLOPs ÷ peak: for long prompts, the FLOPs. Its
 * time is most of a request's time to first token.
 */
import { attentionCost } from './attention';
import { decodeBytes, type ServingSetup } from './decode';
import { kvBytesPerToken, matmulParams } from './llama-shape';
import { timeAtRoof, type ForwardTime } from './roofline';

export interface PrefillStep extends ForwardTime {
  B: number;
  T: number;
}

export function prefillStep(setup: ServingSetup, B: number, T: number): PrefillStep {
  const { model, device, weightDtype, kvDtype } = setup;
  const { V, D, L, N, K, H } = model;
  // Every weight, the embedding table but for the B·T rows gathered (decodeBytes counts those the same way).
  const { weightBytesRead } = decodeBytes(setup, B * T, 0);
  const bytes = weightBytesRead + B * T * kvBytesPerToken(model, kvDtype);
  const attention = attentionCost({ B, T, S: T, N, K, H }, kvDtype, true);
  const head = V * D;
  const flops = 2 * B * T * (matmulParams(model) - head) + 2 * B * head + L * attention.flops;
  return { B, T, ...timeAtRoof(device, weightDtype, flops, bytes) };
}
