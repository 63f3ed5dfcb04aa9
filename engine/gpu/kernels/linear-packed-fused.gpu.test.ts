// GPU against the CPU twins for the fused packed kernels: the attention norm with the query, key and value
// projections, and the MLP norm with the gate and up projections and the SwiGLU, over f16, int8 and int4 weights
// (with zero-points and without), for 1 and 3 rows in one dispatch and 20 rows through the separate fallback
// (the norm, the tiled kernel per matrix, the SwiGLU), against rmsnorm, matmul-packed and swiglu on the CPU; and
// integer rows of 264 chunks, which take workgroups of 128 threads.
import { describe, it } from 'vitest';
import { matmulHalf, matmulPacked } from '../../cpu/matmul-packed';
import { swiglu } from '../../cpu/swiglu';
import { packHalves } from '../../quant/halves';
import { quantizeMatrix } from '../../quant/quantize';
import { schemeName, type IntScheme } from '../../quant/scheme';
import {
  expectClose,
  normInput,
  randomArray,
  runPass,
  storageBuffer,
  testGpu,
  uploadBuffer,
} from '../testing';
import {
  F16_ARITHMETIC_ERROR,
  PackedLinearKernels,
  packedWeightBytes,
  type Arithmetic,
  type PackedScheme,
} from './linear-packed';
import { SwigluKernel } from './swiglu';

/** Wide enough that some threads read two chunks; a multiple of every group size tested. */
const WIDTH = 2176;

/** A random weight (O, I) packed in `scheme` on the device, with the CPU's product normed (T, I) · it. */
function packedWeight(device: GPUDevice, scheme: PackedScheme, O: number, I: number, seed: number) {
  const weight = randomArray(seed, O * I, Math.sqrt(3 / I));
  const words = new Uint32Array(packedWeightBytes(scheme, O, I) / 4);
  words.set(scheme.kind === 'f16' ? packHalves(weight) : quantizeMatrix(weight, O, I, scheme).words);
  const product = (normed: Float32Array, T: number) => {
    const out = new Float32Array(T * O);
    if (scheme.kind === 'f16') matmulHalf(out, normed, words.subarray(0, (O * I) / 2), T, I, O);
    else matmulPacked(out, normed, { scheme, O, I, words }, T);
    return out;
  };
  return { buffer: uploadBuffer(device, `weights ${seed}`, words), product };
}

let shared: PackedLinearKernels | undefined;

const int = (bits: IntScheme['bits'], group: IntScheme['group'], zeroPoint: boolean): IntScheme => ({
  kind: 'int',
  bits,
  group,
  zeroPoint,
});

const cases: [PackedScheme, number, number][] = [
  [int(4, 64, true), 1, WIDTH],
  [int(4, 128, false), 3, WIDTH],
  [{ kind: 'f16' }, 1, WIDTH],
  [int(8, 'row', false), 20, WIDTH],
  [int(4, 32, false), 2, 8448],
];

/**
 * Within 2e-5 + 1e-4 relative of the twin; where one dispatch multiplies in f16 (devices with shader-f16, which
 * SwiftShader is not), within F16_ARITHMETIC_ERROR of the largest output.
 */
function expectProduct(gpu: Float32Array, cpu: Float32Array, arithmetic: Arithmetic): void {
  if (arithmetic === 'f16')
    expectClose(gpu, cpu, F16_ARITHMETIC_ERROR * cpu.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
  else expectClose(gpu, cpu, 2e-5, 1e-4);
}

describe('fused packed kernels match the CPU twins', () => {
  for (const [scheme, T, I] of cases) {
    const name = `${scheme.kind === 'f16' ? 'f16' : schemeName(scheme)}${I === WIDTH ? '' : `, I ${I}`}`;

    it(`${name}: norm and q, k, v projections, ${T} rows`, async () => {
      const { device } = await testGpu();
      shared ??= new PackedLinearKernels(device);
      const [Oq, Okv] = [45, 23]; // workgroups of 8 features that straddle q|k, k|v and the end
      const { inp, norm, normed } = await normInput(device, T, I, 70 + T);
      const weights = [Oq, Okv, Okv].map((O, i) => packedWeight(device, scheme, O, I, 80 + i));
      const outs = [Oq, Okv, Okv].map((O, i) => storageBuffer(device, `out ${i}`, T * O * 4));
      const [wq, wk, wv] = weights.map((w) => w.buffer);
      const encode = shared
        .fused(scheme)
        .bindQkv(
          't',
          { q: outs[0]!, k: outs[1]!, v: outs[2]! },
          inp,
          norm,
          { q: wq!, k: wk!, v: wv! },
          I,
          Oq,
          Okv,
        );
      await runPass(device, (pass) => encode(pass, T), outs[0]!, 1);
      for (const [i, O] of [Oq, Okv, Okv].entries()) {
        const gpu = await runPass(device, () => {}, outs[i]!, T * O);
        expectProduct(gpu, weights[i]!.product(normed, T), shared!.arithmetic(scheme, T));
      }
    });

    it(`${name}: norm, gate and up projections with SwiGLU, ${T} rows`, async () => {
      const { device } = await testGpu();
      shared ??= new PackedLinearKernels(device);
      const F = 36; // workgroups of 4 features, the last one partial
      const { inp, norm, normed } = await normInput(device, T, I, 90 + T);
      const [wGate, wUp] = [0, 1].map((i) => packedWeight(device, scheme, F, I, 100 + i));
      const gate = storageBuffer(device, 'gate', T * F * 4);
      const up = storageBuffer(device, 'up', T * F * 4);
      const swigluEncode = new SwigluKernel(device).bind('t', gate, up);
      const encode = shared
        .fused(scheme)
        .bindGateUp('t', gate, up, inp, norm, { gate: wGate!.buffer, up: wUp!.buffer }, I, F, (pass, rows) =>
          swigluEncode(pass, rows * F),
        );
      const gpu = await runPass(device, (pass) => encode(pass, T), gate, T * F);
      const cpu = wGate!.product(normed, T);
      swiglu(cpu, wUp!.product(normed, T), T * F);
      expectProduct(gpu, cpu, shared.arithmetic(scheme, T));
    });
  }
});
