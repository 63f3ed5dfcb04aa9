/**
 * Before anything is timed: the matrix–vector kernels, as this device runs them (summing within subgroups where it
 * has them, multiplying in f16 where it has shader-f16), and the packed formats' fused norm + gate/up kernel,
 * against their CPU twins on random layers of the benchmark's widths, so that a report never times
 * kernels that compute something else on its machine. Each check's error is the largest difference from the twin
 * relative to the largest output; past 1e-4 (F16_ARITHMETIC_ERROR for packed kernels multiplying in f16) the
 * benchmark stops.
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
  rmsnorm,
  swiglu,
  uploadBuffer,
  F16_ARITHMETIC_ERROR,
  type Arithmetic,
  type Encode,
  type PackedScheme,
} from '../engine/bench-entry';

export interface KernelCheck {
  /** The weight format (and for the fused MLP kernel, "norm + gate/up"). */
  kernel: string;
  rows: number;
  I: number;
  O: number;
  /** What the kernel multiplies in on this device (linear-packed.ts's Arithmetic; f32 weights: f32). */
  arithmetic: Arithmetic;
  /** max |gpu − cpu| ÷ max |cpu|. */
  relativeError: number;
}

const EPS = 1e-5;

const TOLERANCE: Record<Arithmetic, number> = { f32: 1e-4, f16: F16_ARITHMETIC_ERROR };

type Weights = 'f32' | 'f16' | 'int4 g128' | 'int4 g128 zp';

const SCHEMES: Record<Exclude<Weights, 'f32'>, PackedScheme> = {
  f16: { kind: 'f16' },
  'int4 g128': { kind: 'int', bits: 4, group: 128, zeroPoint: false },
  'int4 g128 zp': { kind: 'int', bits: 4, group: 128, zeroPoint: true },
};

/** One device's kernel sets, each compiling a pipeline once for all the checks that use it. */
interface Kernels {
  device: GPUDevice;
  f32: LinearKernels;
  packed: PackedLinearKernels;
}

/** Encodes `encode` for T rows in one pass, submits it, and reads back `n` floats of `out`. */
async function run(device: GPUDevice, encode: Encode, out: GPUBuffer, T: number, n: number) {
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  encode(pass, T);
  pass.end();
  device.queue.submit([encoder.finish()]);
  return new Float32Array(await readBuffer(device, out, n * 4));
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
  let arithmetic: Arithmetic = 'f32';
  if (kind === 'f32') {
    matmul(cpu, inp, weight, T, I, O);
    w = uploadBuffer(device, 'check w', weight);
    encode = f32.bind('check', out, input, w, I, O);
  } else {
    const scheme = SCHEMES[kind];
    const stored = packedMatrix(device, scheme, weight, O, I);
    stored.product(cpu, inp, T);
    w = stored.buffer;
    encode = packed.bind('check', out, input, w, scheme, I, O);
    arithmetic = packed.arithmetic(scheme, T);
  }
  const gpu = await run(device, encode, out, T, T * O);
  for (const buffer of [out, input, w]) buffer.destroy();
  return { gpu, cpu, arithmetic };
}

/** Weights (O, I) in `scheme`, on the device (padded as the kernels read them), with the CPU twin's product. */
function packedMatrix(device: GPUDevice, scheme: PackedScheme, weight: Float32Array, O: number, I: number) {
  const words = scheme.kind === 'f16' ? packHalves(weight) : quantizeMatrix(weight, O, I, scheme).words;
  const padded = new Uint32Array(packedWeightBytes(scheme, O, I) / 4);
  padded.set(words);
  return {
    buffer: uploadBuffer(device, 'check w', padded),
    /** out (T, O) = inp (T, I) · dequant(weights)ᵀ on the CPU. */
    product(out: Float32Array, inp: Float32Array, T: number) {
      if (scheme.kind === 'f16') matmulHalf(out, inp, words, T, I, O);
      else matmulPacked(out, inp, { scheme, O, I, words }, T);
    },
  };
}

/**
 * The fused MLP kernel of a packed format (the norm, the gate and up projections, the SwiGLU in one dispatch, as a
 * decode step runs it) against rmsnorm, two products and swiglu on the CPU: the residual stream as input, scaled
 * as a trained model's is (±3), and a norm gain around 1.
 */
async function fusedOutputs(
  { device, packed }: Kernels,
  kind: Exclude<Weights, 'f32'>,
  T: number,
  I: number,
  F: number,
  seed: number,
) {
  const random = new Random(seed);
  const scheme = SCHEMES[kind];
  const x = random.uniformArray(T * I, 3);
  const gain = random.uniformArray(I, 0.5).map((g) => g + 1);
  const [gate, up] = [0, 1].map(() =>
    packedMatrix(device, scheme, random.uniformArray(F * I, Math.sqrt(3 / I)), F, I),
  );
  const normed = new Float32Array(T * I);
  rmsnorm(normed, x, gain, T, I, EPS);
  const cpu = new Float32Array(T * F);
  const upCpu = new Float32Array(T * F);
  gate!.product(cpu, normed, T);
  up!.product(upCpu, normed, T);
  swiglu(cpu, upCpu, T * F);
  const out = uploadBuffer(device, 'check gate', new Float32Array(T * F));
  const upOut = uploadBuffer(device, 'check up', new Float32Array(T * F));
  const input = uploadBuffer(device, 'check x', x);
  const norm = {
    weight: uploadBuffer(device, 'check gain', gain),
    eps: EPS,
    normed: upOut,
    encode: () => {},
  };
  // Up to 8 rows the fused kernel is the one dispatch; the norm's and the SwiGLU's separate encodes go unused.
  const encode = packed
    .fused(scheme)
    .bindGateUp('check', out, upOut, input, norm, { gate: gate!.buffer, up: up!.buffer }, I, F, () => {});
  const gpu = await run(device, encode, out, T, T * F);
  for (const buffer of [out, upOut, input, norm.weight, gate!.buffer, up!.buffer]) buffer.destroy();
  return { gpu, cpu, arithmetic: packed.arithmetic(scheme, T) };
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
  const cases = [
    ...(['f32', 'f16', 'int4 g128', 'int4 g128 zp'] as const).map((kind) => ({
      kernel: kind,
      outputs: (T: number, I: number, O: number, seed: number) => outputs(kernels, kind, T, I, O, seed),
    })),
    ...(['f16', 'int4 g128'] as const).map((kind) => ({
      kernel: `${kind} norm + gate/up`,
      outputs: (T: number, I: number, O: number, seed: number) => fusedOutputs(kernels, kind, T, I, O, seed),
    })),
  ];
  const checks: KernelCheck[] = [];
  for (const { kernel, outputs: compute } of cases)
    for (const [I, O] of widths)
      for (const rows of [1, 8]) {
        const { gpu, cpu, arithmetic } = await compute(rows, I!, O!, checks.length + 1);
        let largest = 0;
        let worst = 0;
        for (let i = 0; i < cpu.length; i++) {
          largest = Math.max(largest, Math.abs(cpu[i]!));
          worst = Math.max(worst, Math.abs(gpu[i]! - cpu[i]!));
        }
        const relativeError = Number.isNaN(worst) ? Infinity : worst / largest;
        checks.push({ kernel, rows, I: I!, O: O!, arithmetic, relativeError });
        log(
          `check ${kernel} in ${arithmetic} ${I} → ${O}, ${rows} rows: max error ${relativeError.toExponential(1)} of the largest output`,
        );
        if (!(relativeError <= TOLERANCE[arithmetic]))
          throw new Error(
            `the ${kernel} kernel in ${arithmetic} differs from its CPU twin on this device (${relativeError})`,
          );
      }
  return checks;
}
