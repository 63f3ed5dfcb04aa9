/**
 * Experiment: how fast the device runs WGSL's packed 4 × 8-bit dot product. Every thread runs four independent chains
 * of 4,096 steps; each step is dot4I8Packed (`dot`), the same product written with shifts and multiplies (`shifts`),
 * or one 32-bit multiply-add (`mad`), on operands that change every step so that nothing is hoisted. Equal times for
 * `dot` and `mad` mean a native instruction; times near `shifts` mean Dawn or the driver emulates it.
 */
import { Kernel, PassTimer, storageBuffer } from '../engine/bench-entry';
import { keepBusy } from './timing';

const STEP: Record<string, string> = {
  dot: 'dot4I8Packed(a, b)',
  shifts:
    'dot(vec4i(bitcast<i32>(a << 24u), bitcast<i32>(a << 16u), bitcast<i32>(a << 8u), bitcast<i32>(a)) >> vec4u(24u), vec4i(bitcast<i32>(b << 24u), bitcast<i32>(b << 16u), bitcast<i32>(b << 8u), bitcast<i32>(b)) >> vec4u(24u))',
  mad: 'bitcast<i32>(a) * bitcast<i32>(b)',
};

const shader = (step: string) => /* wgsl */ `
requires packed_4x8_integer_dot_product;
@group(0) @binding(0) var<storage, read_write> out: array<i32>;

fn f(a: u32, b: u32) -> i32 { return ${step}; }

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u) {
  var a = vec4u(g.x, g.x * 3u + 1u, g.x * 5u + 2u, g.x * 7u + 3u);
  var acc = vec4i(0);
  for (var i = 0u; i < 4096u; i++) {
    acc += vec4i(f(a.x, i), f(a.y, i), f(a.z, i), f(a.w, i));
    a += vec4u(0x01010101u);
  }
  out[g.x] = acc.x + acc.y + acc.z + acc.w;
}
`;

export async function dotThroughput(
  device: GPUDevice,
  log: (line: string) => void,
  threads = 132 * 2048,
): Promise<void> {
  const timer = PassTimer.create(device);
  if (!timer) return;
  const out = storageBuffer(device, 'dot out', threads * 4);
  for (const [name, step] of Object.entries(STEP)) {
    const kernel = new Kernel(device, `dot ${name}`, shader(step));
    const group = kernel.bind('dot', [out]);
    const pass = (p: GPUComputePassEncoder) => {
      for (let rep = 0; rep < 10; rep++) kernel.dispatch(p, group, threads / 256, 1);
    };
    await keepBusy(device, threads > 256 ? 500 : 0, pass);
    const { nanoseconds } = await timer.time([pass]);
    const seconds = Number(nanoseconds[0]) / 1e9 / 10;
    const steps = threads * 4096 * 4;
    log(`${name}: ${(seconds * 1e6).toFixed(1)} µs, ${(steps / seconds / 1e12).toFixed(2)} × 10¹² steps/s`);
  }
  out.destroy();
}
