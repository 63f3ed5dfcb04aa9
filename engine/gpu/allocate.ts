/**
 * The GPU backend's buffers, allocated from the table that the limit check reads (model/footprint.ts's
 * bufferTable), one GPU buffer per row of it, labelled with what it holds: weights uploaded or generated on the
 * device, KV caches, RoPE tables, activations, the logits read-back buffer and the step inputs.
 */
import { ropeTables } from '../cpu/rope';
import type { LlamaConfig } from '../model/config';
import {
  bufferTable,
  type Activation,
  type BufferNeed,
  type SessionShape,
  type StepInput,
} from '../model/footprint';
import { tensorOf, type LlamaWeights } from '../model/weights';
import { matrixData } from '../quant/encoded-matrix';
import type { WeightScheme } from '../quant/scheme';
import { F32, tensorScheme } from '../quant/stored-tensors';
import { alignedSize, allocating, storageBuffer, uploadBuffer } from './buffers';
import type { Kernels } from './kernels/index';

/**
 * Weights to put on the device: tensors from a file, or a seed to generate them there; with the scheme their
 * linear layers are stored in (f32 when not given; loaded weights must already be encoded in it).
 */
export type WeightSource = (
  { kind: 'loaded'; weights: LlamaWeights } | { kind: 'synthetic'; seed: number }
) & {
  scheme?: WeightScheme;
};

/** The table's buffers on the device, in its shape. */
export interface DeviceBuffers {
  /** By tensor name. */
  weights: Map<string, GPUBuffer>;
  /** By cache, in the order of kvWritingLayers (model/kv-sharing.ts), with the layer writing each. */
  kvCaches: { layer: number; k: GPUBuffer; v: GPUBuffer }[];
  ropeTables: GPUBuffer;
  activations: Record<Activation, GPUBuffer>;
  logitsReadBack: GPUBuffer;
  stepInputs: Record<StepInput, GPUBuffer>;
  /** Every buffer above, to free them. */
  all: GPUBuffer[];
}

/** Allocate every buffer of the table and fill the weights and RoPE tables; errors name what failed. */
export async function allocateBuffers(
  device: GPUDevice,
  kernels: Kernels,
  config: LlamaConfig,
  shape: SessionShape,
  source: WeightSource,
): Promise<DeviceBuffers> {
  const table = bufferTable(config, shape, source.scheme);
  const all: GPUBuffer[] = [];
  const kept = (buffer: GPUBuffer) => (all.push(buffer), buffer);
  const storage = ({ what, bytes }: BufferNeed) => kept(storageBuffer(device, what, bytes));
  const weights = await allocating(device, 'the model weights', () =>
    table.weights.map((need, index) => {
      if (source.kind === 'loaded') {
        const data = matrixData(tensorOf(source.weights, need.spec));
        if (data.byteLength !== need.bytes)
          throw new Error(`${need.what} holds ${data.byteLength} bytes; its shape needs ${need.bytes}`);
        return kept(uploadBuffer(device, need.what, data));
      }
      const buffer = storage(need);
      const stored = tensorScheme(need.spec, source.scheme ?? F32);
      if (stored.kind === 'f32') kernels.syntheticFill.fill(buffer, source.seed, index, need.spec);
      else kernels.syntheticEncoded.fill(buffer, source.seed, index, need.spec, stored);
      return buffer;
    }),
  );
  const cacheBytes = table.kvCaches[0]?.k.bytes ?? 0;
  const kvCaches = await allocating(
    device,
    `the KV cache (${table.kvCaches.length} caches × 2 × ${cacheBytes} bytes)`,
    () => table.kvCaches.map(({ layer, k, v }) => ({ layer, k: storage(k), v: storage(v) })),
  );
  const rope = ropeTables(config.maxPositions, config.headDim, config.ropeTheta, config.ropeScaling);
  const ropeBuffer = await allocating(device, 'the RoPE tables', () =>
    kept(uploadBuffer(device, table.ropeTables.what, concat(rope.cos, rope.sin))),
  );
  const activations = await allocating(device, 'activation buffers', () =>
    mapValues(table.activations, storage),
  );
  const logitsReadBack = await allocating(device, 'the logits read-back buffer', () =>
    kept(
      device.createBuffer({
        label: table.logitsReadBack.what,
        size: alignedSize(table.logitsReadBack.bytes),
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      }),
    ),
  );
  const stepInputs = await allocating(device, 'step inputs', () => mapValues(table.stepInputs, storage));
  return {
    weights: new Map(table.weights.map((need, i) => [need.what, weights[i]!])),
    kvCaches,
    ropeTables: ropeBuffer,
    activations,
    logitsReadBack,
    stepInputs,
    all,
  };
}

function mapValues<K extends string, A, B>(record: Record<K, A>, f: (value: A) => B): Record<K, B> {
  return Object.fromEntries(Object.entries<A>(record).map(([key, value]) => [key, f(value)])) as Record<K, B>;
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
