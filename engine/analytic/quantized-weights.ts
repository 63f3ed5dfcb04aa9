/**
 * What a quantized deployment of a Llama-style model stores and streams. Only the transformer blocks' linear layers
 * (Wq, Wk, Wv, Wo and the three SwiGLU matrices) take the weight format; the embedding, the output head and the
 * RMSNorm gains stay at 16 bits, as GPTQ and AWQ leave them (Frantar et al. 2022; Lin et al. 2023). A packed
 * matrix's bytes are engine/quant/scheme.ts's, the layout the engine itself runs, scales and zero-points included.
 * The decode step is decode.ts's with the weight bytes replaced. Weight-only: the multiplies still run in 16-bit
 * math after dequantizing, so compute binds at the bf16 peak (fp8 tensor cores, where a GPU has them, are not
 * modelled). Not counted: dequantization work, activations, and the framework's own memory.
 */
import { matrixBytes, type WeightScheme } from '../quant/scheme';
import { decodeBytes, decodeStep, kvCacheBytes, type DecodeStep, type ServingSetup } from './decode';
import { bytesPer, type DType } from './dtype';
import type { Hardware } from './hardware';
import { paramCount, type LlamaShape } from './llama-shape';
import { presetById } from './preset';

/** 8-bit floats (E4M3) with one f32 scale per matrix (per tensor), as FP8 checkpoints store them. */
export interface Fp8Scheme {
  kind: 'fp8';
}

export interface WeightFormat {
  id: string;
  /** Short name, for chart rows and controls. */
  name: string;
  /** What is stored, in words. */
  about: string;
  /** How each block linear is stored: a packed scheme of engine/quant, or fp8. */
  scheme: WeightScheme | Fp8Scheme;
}

/** Ways the block linears are stored in deployments; bf16 takes the same two bytes as engine/quant's f16. */
export const WEIGHT_FORMATS = [
  { id: 'bf16', name: 'bf16', about: '16-bit floats, as trained', scheme: { kind: 'f16' } },
  { id: 'fp8', name: 'fp8', about: '8-bit floats (E4M3), one f32 scale per matrix', scheme: { kind: 'fp8' } },
  {
    id: 'int8',
    name: 'int8',
    about: '8-bit integers, one f16 scale per output channel',
    scheme: { kind: 'int', bits: 8, group: 'row', zeroPoint: false },
  },
  {
    id: 'int4-g128',
    name: 'int4 g128',
    about: '4-bit integers, one f16 scale per group of 128 inputs',
    scheme: { kind: 'int', bits: 4, group: 128, zeroPoint: false },
  },
  {
    id: 'int4-g128-zp',
    name: 'int4 g128 zp',
    about: '4-bit integers, an f16 scale and an f16 zero-point per group of 128 inputs',
    scheme: { kind: 'int', bits: 4, group: 128, zeroPoint: true },
  },
] as const satisfies readonly WeightFormat[];

export type WeightFormatId = (typeof WEIGHT_FORMATS)[number]['id'];

/** The format with this id. */
export function weightFormatById(id: WeightFormatId): WeightFormat {
  return presetById(WEIGHT_FORMATS, id, 'weight format');
}

/** The f32 scale an fp8 matrix carries. */
const FP8_SCALE_BYTES = 4;

/** The 16 bits the embedding, head and norms keep. */
const HALF = bytesPer('bf16');

/** One linear layer (O, I): O outputs, I inputs, as PyTorch stores it. */
export interface BlockLinear {
  name: string;
  O: number;
  I: number;
}

/** The linear layers of one transformer block; their weights add up to layerMatmulParams. */
export function blockLinears({ D, F, N, K, H }: LlamaShape): BlockLinear[] {
  return [
    { name: 'q', O: N * H, I: D },
    { name: 'k', O: K * H, I: D },
    { name: 'v', O: K * H, I: D },
    { name: 'o', O: D, I: N * H },
    { name: 'gate', O: F, I: D },
    { name: 'up', O: F, I: D },
    { name: 'down', O: D, I: F },
  ];
}

/** Bytes one linear (O, I) takes in a format, scales and zero-points included. */
export function linearBytes({ scheme }: WeightFormat, O: number, I: number): number {
  return scheme.kind === 'fp8' ? O * I + FP8_SCALE_BYTES : matrixBytes(scheme, O, I);
}

/** A model's stored weights in a format, part by part, in bytes. */
export interface QuantizedWeights {
  /** Weights in the blocks' linear layers. */
  linearParams: number;
  /** Those layers in the format. */
  linearBytes: number;
  /** The embedding table, V·D at 16 bits. */
  embeddingBytes: number;
  /** The output head, V·D at 16 bits; 0 when it is the embedding. */
  headBytes: number;
  /** RMSNorm gains, two per layer and the final one, at 16 bits. */
  normBytes: number;
  totalBytes: number;
}

/** The weights of a model with its block linears in `format` and everything else at 16 bits. */
export function quantizedWeights(shape: LlamaShape, format: WeightFormat): QuantizedWeights {
  const { V, D, L, tiedEmbeddings } = shape;
  const linears = blockLinears(shape);
  const linearParams = L * linears.reduce((sum, { O, I }) => sum + O * I, 0);
  const linear = L * linears.reduce((sum, { O, I }) => sum + linearBytes(format, O, I), 0);
  const embeddingBytes = V * D * HALF;
  const headBytes = tiedEmbeddings ? 0 : V * D * HALF;
  const normBytes = (2 * L * D + D) * HALF;
  return {
    linearParams,
    linearBytes: linear,
    embeddingBytes,
    headBytes,
    normBytes,
    totalBytes: linear + embeddingBytes + headBytes + normBytes,
  };
}

/** Bits stored per weight of the block linears, scales and zero-points included. */
export function linearBitsPerWeight(shape: LlamaShape, format: WeightFormat): number {
  const w = quantizedWeights(shape, format);
  return (8 * w.linearBytes) / w.linearParams;
}

/** Bits stored per parameter of the whole model, the 16-bit embedding, head and norms included. */
export function modelBitsPerWeight(shape: LlamaShape, format: WeightFormat): number {
  return (8 * quantizedWeights(shape, format).totalBytes) / paramCount(shape);
}

export interface QuantizedSetup {
  model: LlamaShape;
  device: Hardware;
  /** How the block linears are stored. */
  weights: WeightFormat;
  /** Format the KV cache is stored in. */
  kvDtype: DType;
}

/** The setup as decode.ts sees it: the weights at bf16, which it uses for FLOPs and the KV cache only here. */
function asBf16({ model, device, kvDtype }: QuantizedSetup): ServingSetup {
  return { model, device, weightDtype: 'bf16', kvDtype };
}

/** Weights plus the KV cache of B sequences of S tokens, in bytes. */
export function quantizedServingMemory(setup: QuantizedSetup, B: number, S: number): number {
  return quantizedWeights(setup.model, setup.weights).totalBytes + kvCacheBytes(asBf16(setup), B, S);
}

/** Largest batch whose KV cache at context S fits beside the weights (0 when the weights alone do not fit). */
export function quantizedMaxBatch(setup: QuantizedSetup, S: number): number {
  const free = setup.device.memoryBytes - quantizedWeights(setup.model, setup.weights).totalBytes;
  if (free <= 0) return 0;
  return Math.floor(free / kvCacheBytes(asBf16(setup), 1, S));
}

/**
 * Bytes one decode step of B sequences at context S moves: every block linear packed, the norms, the 16-bit head
 * (the embedding when tied) and the B embedding rows gathered; the KV cache read and the new token's written.
 */
export function quantizedDecodeBytes(
  { model, weights, kvDtype }: Pick<QuantizedSetup, 'model' | 'weights' | 'kvDtype'>,
  B: number,
  S: number,
): Pick<DecodeStep, 'weightBytesRead' | 'kvBytesMoved'> {
  const w = quantizedWeights(model, weights);
  const head = model.tiedEmbeddings ? w.embeddingBytes : w.headBytes;
  return {
    weightBytesRead: w.linearBytes + w.normBytes + head + B * model.D * HALF,
    kvBytesMoved: decodeBytes({ model, weightDtype: 'bf16', kvDtype }, B, S).kvBytesMoved,
  };
}

/** One decode step of B sequences at context S: decode.ts's step at bf16 with the format's bytes streamed. */
export function quantizedDecodeStep(setup: QuantizedSetup, B: number, S: number): DecodeStep {
  const { device } = setup;
  const bf16 = decodeStep(asBf16(setup), B, S);
  const { weightBytesRead, kvBytesMoved } = quantizedDecodeBytes(setup, B, S);
  const memorySeconds = (weightBytesRead + kvBytesMoved) / device.bandwidth;
  const seconds = Math.max(memorySeconds, bf16.computeSeconds);
  const memoryBytes = quantizedServingMemory(setup, B, S);
  return {
    ...bf16,
    weightBytesRead,
    kvBytesMoved,
    memorySeconds,
    seconds,
    bound: memorySeconds >= bf16.computeSeconds ? 'memory' : 'compute',
    tokensPerSecond: B / seconds,
    memoryBytes,
    fits: memoryBytes <= device.memoryBytes,
  };
}
