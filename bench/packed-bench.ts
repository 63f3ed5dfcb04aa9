/**
 * The packed matrix–vector kernels (engine/gpu/kernels/linear-packed.ts) timed alone at batch 1: one linear layer
 * (O, I) with its weights stored in a scheme, repeated in one submission. The bytes counted are those the kernel
 * reads: the packed weights (codes, f16 scales and zero-points, as scheme.ts lays them out) and the input row; the
 * output row it writes (O × 4 bytes, under 0.2 % of the weights at the large shapes) is left out. The weights are
 * synthetic (quant/synthetic-encoded.ts: random codes, finite scales), and several copies of them are read in turn,
 * so that together they exceed the GPU's last-level cache (50 MB on an H100 or H200) and the weights come from
 * memory every time, as they do in a decode step. Timed twice: by the wall clock over one submission (the dispatches
 * and the gaps between them) and, where the device has timestamp queries, by the GPU over one pass of the same
 * dispatches (what the kernels take, as a decode step's per-op times count them). Both after `warmUpMs` of the same
 * dispatches (timing.ts's keepBusy).
 */
import {
  PackedLinearKernels,
  PassTimer,
  packedWeightBytes,
  storageBuffer,
  syntheticMatrix,
} from '../engine/bench-entry';
import { matrixBytes, schemeName, type IntScheme } from '../engine/index';
import { keepBusy, time } from './timing';

export interface PackedLinearResult {
  /** The scheme's name: f16, int8 per channel, int4 g128. */
  weights: string;
  rows: 1;
  I: number;
  O: number;
  /** Copies of the weights read in turn, so that they do not stay in cache. */
  copies: number;
  seconds: number;
  /** Packed weights (codes, scales, zero-points) and the input row. */
  bytesRead: number;
  /** bytesRead ÷ seconds. */
  achievedBandwidth: number;
  /** achievedBandwidth ÷ the copy bandwidth measured in the same run. */
  fractionOfCopy: number;
  /** Seconds per dispatch by GPU timestamps over one pass of `reps`, and bytesRead ÷ them ÷ copy; absent without them. */
  gpu?: { seconds: number; fractionOfCopy: number };
}

/** Bytes of weights the copies must add up to, at least: well past any GPU's last-level cache. */
const UNCACHED_BYTES = 256 << 20;

/** The batch-1 linear layer (O, I) in `scheme`, timed over `reps` repetitions. */
export async function packedLinear(
  device: GPUDevice,
  scheme: { kind: 'f16' } | IntScheme,
  I: number,
  O: number,
  copy: number,
  reps: number,
  uncachedBytes = UNCACHED_BYTES,
  warmUpMs = 0,
): Promise<PackedLinearResult> {
  const spec = { name: 'bench weights', shape: [O, I], init: { fanIn: I }, slot: 'lmHead' as const };
  const words = syntheticMatrix(1, 0, spec, scheme).words;
  const size = packedWeightBytes(scheme, O, I);
  const copies = Math.max(2, Math.ceil(uncachedBytes / size));
  const weights = Array.from({ length: copies }, (_, c) => {
    const buffer = storageBuffer(device, `packed weights ${c}`, size);
    device.queue.writeBuffer(buffer, 0, words);
    return buffer;
  });
  const inp = storageBuffer(device, 'packed input', I * 4);
  device.queue.writeBuffer(inp, 0, new Float32Array(I).fill(0.5));
  const out = storageBuffer(device, 'packed output', O * 4);
  const kernels = new PackedLinearKernels(device);
  const encodes = weights.map((w, c) => kernels.bind(`bench ${c}`, out, inp, w, scheme, I, O));
  await keepBusy(device, warmUpMs, (pass) => {
    for (let rep = 0; rep < reps; rep++) encodes[rep % copies]!(pass, 1);
  });
  const seconds = await time(device, (pass, rep) => encodes[rep % copies]!(pass, 1), reps);
  const timer = PassTimer.create(device);
  const stamped = await timer?.time([
    (pass) => {
      for (let rep = 0; rep < reps; rep++) encodes[rep % copies]!(pass, 1);
    },
  ]);
  for (const b of [...weights, inp, out]) b.destroy();
  const bytesRead = matrixBytes(scheme, O, I) + I * 4;
  const gpuSeconds = stamped ? Number(stamped.nanoseconds[0]!) / 1e9 / reps : 0;
  return {
    ...(gpuSeconds > 0
      ? { gpu: { seconds: gpuSeconds, fractionOfCopy: bytesRead / gpuSeconds / copy } }
      : {}),
    weights: schemeName(scheme),
    rows: 1,
    I,
    O,
    copies,
    seconds,
    bytesRead,
    achievedBandwidth: bytesRead / seconds,
    fractionOfCopy: bytesRead / seconds / copy,
  };
}
