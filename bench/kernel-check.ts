/**
 * Before anything is timed: the matrix–vector kernels, as this device runs them (summing within subgroups where it
 * has them), against their CPU twins on random layers of the benchmark's widths, so that a report never times
 * kernels that compute something else on its machine. Each check's error is the largest difference from the twin
 * relative to the largest output; past 1e-4 the benchmark stops.
 */
import {
  LinearKernels,
  PackedLinearKernels,
  Random,
  matmul,
  matmulHalf,
  matmulPacked,
  packHalves,
  packedWeightBytes,
  quantizeMatrix,
  readBuffer,
  uploadBuffer,
} from '../engine/bench-entry';

export interface KernelCheck {
  kernel: string;
  rows: number;
  I: number;
  O: number;
  /** max |gpu − cpu| ÷ max |cpu|. */
  relativeError: number;
}

const TOLERANCE = 1e-4;

type Weights = 'f32' | 'f16' | 'int4 g128';

/** One device's kernel sets, each compiling a pipeline once for all the checks that use it. */
interface Kernels {
  device: GPUDevice;
  f32: LinearKernels;
  packed: PackedLinearKernels;
}

/** The GPU's out (T, O) for random inp and weights of `kind`, and the CPU twin's; its buffers are freed after. */
async function outputs(
  { device, f32, packed }: Kernels,
  kind: Weights,
  T: number,
  I: number,
  O: number,
  seed: number,
) {
  const random = new Random(seed);
  const inp = random.uniformArray(T * I, 1);
  const weight = random.uniformArray(O * I, Math.sqrt(3 / I));
  const out = uploadBuffer(device, 'check out', new Float32Array(T * O));
  const input = uploadBuffer(device, 'check inp', inp);
  const cpu = new Float32Array(T * O);
  let w: GPUBuffer;
  let encode;
  if (kind === 'f32') {
    matmul(cpu, inp, weight, T, I, O);
    w = uploadBuffer(device, 'check w', weight);
    encode = f32.bind('check', out, input, w, I, O);
  } else {
    const scheme =
      kind === 'f16'
        ? { kind: 'f16' as const }
        : { kind: 'int' as const, bits: 4 as const, group: 128 as const, zeroPoint: false };
    const words = scheme.kind === 'f16' ? packHalves(weight) : quantizeMatrix(weight, O, I, scheme).words;
    if (scheme.kind === 'f16') matmulHalf(cpu, inp, words, T, I, O);
    else matmulPacked(cpu, inp, { scheme, O, I, words }, T);
    const padded = new Uint32Array(packedWeightBytes(scheme, O, I) / 4);
    padded.set(words);
    w = uploadBuffer(device, 'check w', padded);
    encode = packed.bind('check', out, input, w, scheme, I, O);
  }
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  encode(pass, T);
  pass.end();
  device.queue.submit([encoder.finish()]);
  const gpu = new Float32Array(await readBuffer(device, out, T * O * 4));
  for (const buffer of [out, input, w]) buffer.destroy();
  return { gpu, cpu };
}

export async function checkKernels(
  device: GPUDevice,
  tiny: boolean,
  log: (line: string) => void,
): Promise<KernelCheck[]> {
  const widths = tiny
    ? [[256, 64]]
    : [
        [4096, 256],
        [11008, 256],
      ];
  const kernels = { device, f32: new LinearKernels(device), packed: new PackedLinearKernels(device) };
  const checks: KernelCheck[] = [];
  for (const kernel of ['f32', 'f16', 'int4 g128'] as const)
    for (const [I, O] of widths)
      for (const rows of [1, 8]) {
        const { gpu, cpu } = await outputs(kernels, kernel, rows, I!, O!, checks.length + 1);
        let largest = 0;
        let worst = 0;
        for (let i = 0; i < cpu.length; i++) {
          largest = Math.max(largest, Math.abs(cpu[i]!));
          worst = Math.max(worst, Math.abs(gpu[i]! - cpu[i]!));
        }
        const relativeError = Number.isNaN(worst) ? Infinity : worst / largest;
        checks.push({ kernel, rows, I: I!, O: O!, relativeError });
        log(
          `check ${kernel} ${I} → ${O}, ${rows} rows: max error ${relativeError.toExponential(1)} of the largest output`,
        );
        if (!(relativeError <= TOLERANCE))
          throw new Error(
            `the ${kernel} matrix–vector kernel differs from its CPU twin on this device (${relativeError})`,
          );
      }
  return checks;
}
