// GPU against CPU twins for the linear layer: the matrix-vector kernel (1–16 rows), the skinny kernel (2–64 rows),
// the tiled kernel and the register-blocked kernel (many rows, its input split in parts when its tiles are few), on
// shapes that are not multiples of their tiles;
// each with the residual add folded in; and the fused norm + q/k/v and norm + gate/up/SwiGLU matrix-vector
// kernels, and their separate fallbacks past 8 rows, against separate CPU ops.
import { describe, expect, it } from 'vitest';
import { addInPlace } from '../../cpu/add';
import { matmul } from '../../cpu/matmul';
import { swiglu } from '../../cpu/swiglu';
import {
  expectClose,
  normInput,
  randomArray,
  runPass,
  storageBuffer,
  testGpu,
  uploadBuffer,
} from '../testing';
import { LinearKernels, blockedSplits, type LinearKernel } from './linear';
import { SwigluKernel } from './swiglu';

/** The CPU product inp (T, I) · weight (O, I)ᵀ. */
function product(inp: Float32Array, weight: Float32Array, T: number, I: number, O: number): Float32Array {
  const out = new Float32Array(T * O);
  matmul(out, inp, weight, T, I, O);
  return out;
}

async function compare(
  T: number,
  I: number,
  O: number,
  seed: number,
  kernel?: LinearKernel,
  accumulate = false,
  subgroups = true,
) {
  const { device } = await testGpu({ subgroups });
  const inp = randomArray(seed, T * I);
  const weight = randomArray(seed + 1, O * I, 1 / Math.sqrt(I));
  const residual = randomArray(seed + 2, T * O);
  const out = uploadBuffer(device, 'out', residual);
  const encode = new LinearKernels(device).bind(
    't',
    out,
    uploadBuffer(device, 'inp', inp),
    uploadBuffer(device, 'w', weight),
    I,
    O,
    { accumulate, ...(kernel && { kernel }) },
  );
  const gpu = await runPass(device, (pass) => encode(pass, T), out, T * O);
  const cpu = product(inp, weight, T, I, O);
  if (accumulate) addInPlace(cpu, residual, T * O);
  // Sums of I products of order 1/√I: f32 accumulation in a different order differs by about 1e-6.
  expectClose(gpu, cpu, 2e-5, 1e-5);
}

describe('linear kernels match the CPU matmul', () => {
  it('matvec, one row (decode), wide enough for four loads in flight and a remainder', () =>
    compare(1, 2100, 129, 10));
  it('matvec, 3 rows in the 4-row pipeline (batched decode)', () => compare(3, 200, 70, 14));
  it('matvec, 16 rows', () => compare(16, 200, 70, 11, 'matvec'));
  it('skinny, 2 rows, output width not a multiple of its 8 columns', () => compare(2, 132, 70, 20, 'skinny'));
  it('skinny, 5 rows in the 8-row pipeline', () => compare(5, 200, 33, 21, 'skinny'));
  it('skinny, 16 rows in two chunks of 8', () => compare(16, 260, 64, 22));
  it('skinny, 37 rows in five chunks of 8', () => compare(37, 132, 77, 23));
  it('skinny, 64 rows', () => compare(64, 36, 130, 24));
  it('tiled, 17 rows', () => compare(17, 100, 33, 12, 'tiled'));
  it('tiled, 45 rows, odd output width', () => compare(45, 132, 77, 13, 'tiled'));
  it('blocked, 64 rows, one partial tile each way', () => compare(64, 36, 130, 15, 'blocked'));
  it('blocked, 200 rows over 2 × 2 tiles, depth not a multiple of 8', () => compare(200, 132, 257, 16));
  it('matvec adding into the residual stream', () => compare(3, 132, 70, 17, 'matvec', true));
  it('skinny adding into the residual stream', () => compare(20, 132, 70, 25, 'skinny', true));
  it('tiled adding into the residual stream', () => compare(20, 36, 40, 18, 'tiled', true));
  it('blocked adding into the residual stream', () => compare(70, 36, 130, 19, 'blocked', true));
  it('blocked, 2 tiles split over the input in 3 parts, the last not a multiple of 8', async () => {
    expect(blockedSplits(70, 1004, 130)).toEqual({ splits: 3, depth: 336 });
    await compare(70, 1004, 130, 26);
  });
  it('blocked split in 3 parts, adding into the residual stream', () =>
    compare(70, 1004, 130, 27, 'blocked', true));
  it('blocked with enough tiles is not split', () => {
    expect(blockedSplits(4096, 4096, 4096).splits).toBe(1);
    expect(blockedSplits(128, 4096, 4096)).toEqual({ splits: 4, depth: 1024 });
  });
  it('the test devices differ in subgroups, so both sums over a workgroup are compared', async () => {
    expect((await testGpu()).features).toContain('subgroups');
    expect((await testGpu({ subgroups: false })).features).not.toContain('subgroups');
  });
  it('matvec without subgroups, one row, four loads in flight and a remainder', () =>
    compare(1, 1100, 40, 26, 'matvec', false, false));
  it('matvec without subgroups, 3 rows adding into the residual stream', () =>
    compare(3, 132, 70, 27, 'matvec', true, false));

  // 20 rows run the norm and the projections separately; 6 rows also without subgroups (the other sums).
  const cases: [number, boolean][] = [
    [1, true],
    [6, true],
    [20, true],
    [6, false],
  ];
  for (const [T, subgroups] of cases) {
    const how = subgroups ? '' : ', without subgroups';
    it(`norm and q, k, v projections in one call, ${T} rows${how}`, async () => {
      const { device } = await testGpu({ subgroups });
      // The unrolled loop and its remainder; pairs of features that straddle q|k, k|v and the end.
      const [I, Oq, Okv] = [2100, 45, 23];
      const { inp, norm, normed } = await normInput(device, T, I, 40 + T);
      const w = [Oq, Okv, Okv].map((O, i) => randomArray(50 + i, O * I, 1 / Math.sqrt(I)));
      const outs = [Oq, Okv, Okv].map((O, i) => storageBuffer(device, `out ${i}`, T * O * 4));
      const [wq, wk, wv] = w.map((weight, i) => uploadBuffer(device, `w ${i}`, weight));
      const encode = new LinearKernels(device).bindQkv(
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
        expectClose(gpu, product(normed, w[i]!, T, I, O), 2e-5, 1e-5);
      }
    });

    it(`norm, gate and up projections with SwiGLU in one call, ${T} rows${how}`, async () => {
      const { device } = await testGpu({ subgroups });
      const [I, F] = [1100, 36]; // the unrolled loop and its remainder
      const { inp, norm, normed } = await normInput(device, T, I, 60 + T);
      const wGate = randomArray(61, F * I, 2 / Math.sqrt(I));
      const wUp = randomArray(62, F * I, 1 / Math.sqrt(I));
      const gate = storageBuffer(device, 'gate', T * F * 4);
      const up = storageBuffer(device, 'up', T * F * 4);
      const swigluEncode = new SwigluKernel(device).bind('t', gate, up);
      const encode = new LinearKernels(device).bindGateUp(
        't',
        gate,
        up,
        inp,
        norm,
        { gate: uploadBuffer(device, 'wg', wGate), up: uploadBuffer(device, 'wu', wUp) },
        I,
        F,
        (pass, rows) => swigluEncode(pass, rows * F),
      );
      const gpu = await runPass(device, (pass) => encode(pass, T), gate, T * F);
      const cpu = product(normed, wGate, T, I, F);
      swiglu(cpu, product(normed, wUp, T, I, F), T * F);
      expectClose(gpu, cpu, 2e-5, 1e-5);
    });
  }

  it('refuses an input width not divisible by 4', async () => {
    const { device } = await testGpu();
    const b = storageBuffer(device, 'b', 64);
    expect(() => new LinearKernels(device).bind('t', b, b, b, 6, 2)).toThrow(
      'input width 6 must be divisible by 4',
    );
  });
});
