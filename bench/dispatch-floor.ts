/**
 * What a dispatch costs when its kernel does almost nothing: N workgroups of 64 threads, the first thread of each
 * writing one float, repeated in one pass timed by GPU timestamps. Either every dispatch writes the same buffer, so
 * that WebGPU must order them (Dawn puts a barrier between them, as between a decode step's dependent dispatches),
 * or each writes its own, so that nothing orders them. Beside the packed kernels' rows at 128 input features, this
 * says how much of a short kernel's time is the dispatch itself.
 */
import { dispatchLinear, Kernel, PassTimer, storageBuffer } from '../engine/bench-entry';
import { keepBusy } from './timing';

const EMPTY_SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  if (lid == 0u) {
    let w = wg.x + wg.y * groups.x;
    out[w] = f32(w);
  }
}
`;

export interface DispatchFloor {
  workgroups: number;
  /** GPU seconds per dispatch when each writes the buffer the one before wrote. */
  ordered: number;
  /** GPU seconds per dispatch when each writes a buffer of its own. */
  unordered: number;
}

/** The floor at each of `workgroupCounts`, over passes of `reps` dispatches; undefined without timestamp queries. */
export async function dispatchFloors(
  device: GPUDevice,
  workgroupCounts: readonly number[],
  reps: number,
  warmUpMs: number,
): Promise<DispatchFloor[] | undefined> {
  const timer = PassTimer.create(device);
  if (!timer) return undefined;
  const kernel = new Kernel(device, 'bench empty', EMPTY_SHADER);
  const largest = Math.max(...workgroupCounts);
  const buffers = Array.from({ length: reps }, (_, i) =>
    storageBuffer(device, `empty out ${i}`, largest * 4),
  );
  const groups = buffers.map((b) => kernel.bind('empty', [b]));
  const floors: DispatchFloor[] = [];
  for (const workgroups of workgroupCounts) {
    const pass = (distinct: boolean) => (p: GPUComputePassEncoder) => {
      for (let rep = 0; rep < reps; rep++)
        dispatchLinear(kernel, p, groups[distinct ? rep : 0]!, workgroups, 1);
    };
    await keepBusy(device, warmUpMs, pass(false));
    const { nanoseconds } = await timer.time([pass(false), pass(true)]);
    const [ordered, unordered] = nanoseconds.map((ns) => Number(ns) / 1e9 / reps);
    floors.push({ workgroups, ordered: ordered!, unordered: unordered! });
  }
  for (const b of buffers) b.destroy();
  return floors;
}
