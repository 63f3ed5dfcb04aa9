/**
 * The fields of a training card (written by training/train.py) that the model card pages show, checked at build
 * time so a card missing one fails the build by name.
 */
import { z } from 'astro/zod';

const curve = z.array(
  z.object({ step: z.number(), tokens: z.number(), train_loss: z.number(), val_loss: z.number() }),
);

export const modelCard = z.object({
  name: z.string(),
  role: z.string(),
  weights: z.object({ file: z.string(), dtype: z.string(), bytes: z.number() }),
  tokenizer: z.object({ type: z.string(), vocab_size: z.number(), chars_per_token_validation: z.number() }),
  corpus: z.object({
    name: z.string(),
    source: z.string(),
    licence: z.string(),
    split: z.string(),
    train_tokens: z.number(),
    validation_tokens: z.number(),
  }),
  training: z.object({
    command: z.string(),
    seed: z.number(),
    device: z.string(),
    torch: z.string(),
    transformers: z.string(),
    steps: z.number(),
    batch_size: z.number(),
    context: z.number(),
    tokens_seen: z.number(),
    epochs: z.number(),
    best_step: z.number(),
    wall_seconds: z.number(),
    schedule: z.object({
      optimizer: z.string(),
      peak_lr: z.number(),
      final_lr: z.number(),
      warmup_steps: z.number(),
      weight_decay: z.number(),
      dropout: z.number().optional(),
    }),
  }),
  curve,
  validation: z.object({
    nats_per_token: z.number(),
    nats_per_char: z.number(),
    perplexity: z.number(),
    tokens_scored: z.number(),
    method: z.string(),
  }),
  samples: z.array(
    z.object({ temperature: z.number(), seed: z.number(), prompt: z.string(), continuation: z.string() }),
  ),
  acceptance: z
    .object({
      against: z.string(),
      method: z.string(),
      results: z.array(
        z.object({
          temperature: z.number(),
          alpha: z.number(),
          expected_tokens_per_verification: z.array(z.object({ k: z.number(), tokens: z.number() })),
        }),
      ),
    })
    .optional(),
  distillation: z
    .object({
      temperature: z.number(),
      kl_weight: z.number(),
      objective: z.string(),
      teacher: z.string(),
      scratch_baseline: z.object({ curve, validation: z.object({ nats_per_token: z.number() }).optional() }),
    })
    .optional(),
  pruning: z
    .object({
      source: z.string(),
      shipped: z.string(),
      method: z.string(),
      kept_layers: z.array(z.number()),
      comparison: z.array(
        z.object({
          label: z.string(),
          shape: z.string(),
          parameters: z.number(),
          steps: z.number(),
          tokens: z.number(),
          nats_per_token: z.number(),
          perplexity: z.number(),
        }),
      ),
      curves: z.record(z.string(), curve),
    })
    .optional(),
});

export type ModelCard = z.infer<typeof modelCard>;
