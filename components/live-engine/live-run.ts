/**
 * What the live-engine widget computes from a run and a device: the models it may offer, and the measured speeds
 * of the run so far (wall clock around each forward call, including the read-back of logits).
 */
import {
  bufferNeeds,
  checkLimits,
  CPU_MEMORY_BUDGET,
  parameterCount,
  SYNTHETIC_SIZES,
  type GeneratedStep,
  type LlamaConfig,
  type ProbeResult,
  type SessionShape,
} from '@engine/index';
import { formatCount, formatSi } from '../charts/format';

/** The KV cache and step sizes the widget runs with: one sequence of up to 512 tokens. */
export const LIVE_SHAPE: SessionShape = { numBlocks: 32, blockSize: 16, maxTokens: 256, maxLogitRows: 1 };

/** Longest prompt, in bytes (one token each), and most new tokens. */
export const MAX_PROMPT_TOKENS = 256;
export const MAX_NEW_TOKENS = 256;

export interface SizeOption {
  value: string;
  label: string;
  /** Why it cannot run here, if it cannot. */
  refusal?: string;
}

/** A trained model the widget can run: what site/lib/shipped-models.ts reads from its folder. */
export interface TrainedModelOption {
  id: string;
  config: LlamaConfig;
  parameters: number;
  /** Site path of the folder holding config.json, model.safetensors and tokenizer.json. */
  path: string;
  /** Site path of its model card page. */
  cardPage: string;
}

/**
 * The trained models, then every synthetic size, labelled with parameters (and f32 bytes for synthetic ones), and
 * whether this device can hold each with `shape`.
 */
export function sizeOptions(
  probe: ProbeResult | undefined,
  shape: SessionShape = LIVE_SHAPE,
  trained: readonly TrainedModelOption[] = [],
): SizeOption[] {
  const models = [
    ...trained.map((m) => ({
      value: m.id,
      label: `${m.id}, trained · ${formatCount(m.parameters, 2)} parameters`,
      config: m.config,
      cpu: true,
    })),
    ...SYNTHETIC_SIZES.map((size) => {
      const parameters = parameterCount(size.config);
      const label = `${formatCount(parameters, 2)} parameters · ${formatSi(parameters * 4, 'B', 2)}`;
      return { value: size.id, label, config: size.config, cpu: size.cpu };
    }),
  ];
  return models.map(({ value, label, config, cpu }) => {
    const why = probe && refusal(probe, config, cpu, shape);
    return why ? { value, label, refusal: why } : { value, label };
  });
}

/**
 * Why this device cannot run `config` with the cache and steps of `shape` (or, for a model the CPU fallback does not
 * offer, at all), or undefined when it can.
 */
export function refusal(
  probe: ProbeResult,
  config: LlamaConfig,
  cpu: boolean,
  shape: SessionShape,
): string | undefined {
  if (probe.backend === 'cpu' && !cpu) return 'too slow for the CPU fallback';
  try {
    const limits = probe.limits ?? {
      maxStorageBufferBindingSize: Infinity,
      maxBufferSize: Infinity,
      memoryBudget: CPU_MEMORY_BUDGET,
    };
    checkLimits(bufferNeeds(config, shape), limits);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * When the option `value` cannot run on the probed device, the last usable option instead and a note saying why
 * (options named by `name`); undefined when it can, or while the device is unknown.
 */
export function fallbackFor(
  options: readonly SizeOption[],
  value: string,
  probe: ProbeResult | undefined,
  name: (option: SizeOption) => string = (option) => option.label,
): { value: string; note: string } | undefined {
  const chosen = options.find((o) => o.value === value);
  const instead = options.filter((o) => !o.refusal).at(-1);
  if (!probe || !chosen?.refusal || !instead) return undefined;
  return {
    value: instead.value,
    note: `The ${name(chosen)} model cannot run here (${chosen.refusal}); using ${name(instead)}.`,
  };
}

export interface RunSpeed {
  prefillTokens: number;
  prefillSeconds: number;
  decodeTokens: number;
  decodeSeconds: number;
  /** Decode tokens per second, or undefined before the first decode step. */
  decodeRate: number | undefined;
}

export function runSpeed(steps: readonly Omit<GeneratedStep, 'cache'>[]): RunSpeed {
  const prefill = steps.find((s) => s.phase === 'prefill');
  const decode = steps.filter((s) => s.phase === 'decode');
  const decodeSeconds = decode.reduce((sum, s) => sum + s.seconds, 0);
  return {
    prefillTokens: prefill?.tokensIn ?? 0,
    prefillSeconds: prefill?.seconds ?? 0,
    decodeTokens: decode.length,
    decodeSeconds,
    decodeRate: decode.length > 0 && decodeSeconds > 0 ? decode.length / decodeSeconds : undefined,
  };
}
