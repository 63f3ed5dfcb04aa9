// GPU against the CPU twin for the linear layers with packed weights: every integer format (int8, int4 with and
// without zero-points and with groups of 32, 64, 128 or a whole row, int3 whose codes straddle words, int2) and f16,
// through the matrix-vector kernel (1 row for every format; 3 and 8 rows for int4 g128 and int8) and the tiled
// kernel (37 rows, neither tile dimension whole),
// with an output width that is a multiple of no tile, the residual add folded in, a row wide enough for the
// matrix-vector kernel's two chunks in flight, and integer rows of 264 chunks, which take workgroups of 128 threads.
import { describe, expect, it } from 'vitest';
import { matmulHalf, matmulPacked } from '../../cpu/matmul-packed';
import { packHalves } from '../../quant/halves';
import { quantizeMatrix } from '../../quant/quantize';
import { schemeName, type IntScheme } from '../../quant/scheme';
import { expectClose, randomArray, runPass, storageBuffer, testGpu, uploadBuffer } from '../testing';
import {
  F16_ARITHMETIC_ERROR,
  PackedLinearKernels,
  packedWeightBytes,
  type PackedScheme,
} from './linear-packed';

const int = (bits: IntScheme['bits'], group: IntScheme['group'], zeroPoint = false): IntScheme => ({
  kind: 'int',
  bits,
  group,
  zeroPoint,
});

/** The scheme's words for weight (O, I), padded to the whole 16-byte vectors the kernels read. */
function packed(weight: Float32Array, scheme: PackedScheme, I: number, O: number): Uint32Array {
  const words = scheme.kind === 'f16' ? packHalves(weight) : quantizeMatrix(weight, O, I, scheme).words;
  const padded = new Uint32Array(packedWeightBytes(scheme, O, I) / 4);
  padded.set(words);
  return padded;
}

/** The CPU twin's out (T, O) from the same words, added to `residual` when given. */
function twin(
  inp: Float32Array,
  words: Uint32Array,
  scheme: PackedScheme,
  T: number,
  I: number,
  O: number,
  residual?: Float32Array,
): Float32Array {
  const out = residual ? residual.slice() : new Float32Array(T * O);
  if (scheme.kind === 'f16') matmulHalf(out, inp, words.subarray(0, (O * I) / 2), T, I, O, !!residual);
  else matmulPacked(out, inp, { scheme, O, I, words }, T, !!residual);
  return out;
}

let shared: PackedLinearKernels | undefined;

/** One set of pipelines for every test, so that each compiles once (SwiftShader compiles slowly). */
async function packedKernels(): Promise<{ device: GPUDevice; kernels: PackedLinearKernels }> {
  const { device } = await testGpu();
  shared ??= new PackedLinearKernels(device);
  return { device, kernels: shared };
}

async function compare(
  scheme: PackedScheme,
  T: number,
  I: number,
  O: number,
  seed: number,
  accumulate = false,
) {
  const { device, kernels } = await packedKernels();
  const inp = randomArray(seed, T * I); // (T, I)
  const weight = randomArray(seed + 1, O * I, Math.sqrt(3 / I)); // (O, I), standard deviation 1/√I
  const residual = randomArray(seed + 2, T * O); // (T, O)
  const words = packed(weight, scheme, I, O);
  const out = uploadBuffer(device, 'out', residual);
  const encode = kernels.bind(
    't',
    out,
    uploadBuffer(device, 'inp', inp),
    uploadBuffer(device, 'weights', words),
    scheme,
    I,
    O,
    { accumulate },
  );
  const gpu = await runPass(device, (pass) => encode(pass, T), out, T * O);
  const cpu = twin(inp, words, scheme, T, I, O, accumulate ? residual : undefined);
  // Both sum the same f32 weights (the matrix-vector kernel scales each chunk's sum rather than each weight) in
  // different orders: within 1e-4 of each row's largest output; multiplying in f16 (devices with shader-f16, which
  // SwiftShader is not), within F16_ARITHMETIC_ERROR of it.
  const tolerance = kernels.arithmetic(scheme, T) === 'f16' ? F16_ARITHMETIC_ERROR : 1e-4;
  for (let t = 0; t < T; t++) {
    const row = (a: Float32Array) => a.subarray(t * O, (t + 1) * O);
    const magnitude = row(cpu).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expectClose(row(gpu), row(cpu), tolerance * magnitude);
  }
}

describe('packed linear kernels match the CPU twin', () => {
  const schemes: PackedScheme[] = [
    int(8, 'row'),
    int(4, 32),
    int(4, 64),
    int(4, 128),
    int(4, 128, true),
    int(3, 64),
    int(2, 64),
    { kind: 'f16' },
  ];
  // Each row count is a pipeline SwiftShader compiles slowly: every format at 1 and 37, two at every count.
  const rowCounts = (s: number) => (s === 0 || s === 3 ? [1, 3, 8, 37] : [1, 37]);
  schemes.forEach((scheme, s) => {
    const name = scheme.kind === 'f16' ? 'f16' : schemeName(scheme);
    for (const T of rowCounts(s))
      it(`${name}, ${T} row${T > 1 ? 's' : ''}, (72, 256)`, () => compare(scheme, T, 256, 72, 10 * s + T));
  });

  it('int4 g128 zp, one row wide enough for two chunks in flight', () =>
    compare(int(4, 128, true), 1, 4352, 6, 90));
  it('int3 g32 zp, 3 rows wide enough for two chunks in flight', () =>
    compare(int(3, 32, true), 3, 4352, 5, 91));
  it('f16, one row wide enough for two chunks in flight', () => compare({ kind: 'f16' }, 1, 4352, 3, 92));
  it('int4 g128, one row of 264 chunks (128 threads a workgroup)', () =>
    compare(int(4, 128), 1, 8448, 11, 96));
  it('int8 per row adding into the residual stream, 3 rows of 264 chunks (128 threads)', () =>
    compare(int(8, 'row'), 3, 8448, 13, 97, true));
  it('int4 g64 adding into the residual stream, 3 rows', () => compare(int(4, 64), 3, 256, 72, 93, true));
  it('int8 per row adding into the residual stream, 37 rows', () =>
    compare(int(8, 'row'), 37, 256, 72, 94, true));
  it('f16 adding into the residual stream, 37 rows', () => compare({ kind: 'f16' }, 37, 96, 40, 95, true));

  it('refuses what the kernels cannot read', async () => {
    const { device, kernels } = await packedKernels();
    const b = storageBuffer(device, 'b', 1 << 16);
    expect(() => kernels.bind('t', b, b, b, { kind: 'f32' }, 64, 2)).toThrow(
      'f32 weights take LinearKernels',
    );
    expect(() => kernels.bind('t', b, b, b, int(4, 'row'), 48, 2)).toThrow('48 must be divisible by 32');
    expect(() => kernels.bind('t', b, b, b, int(4, 16), 64, 2)).toThrow('a group of 16 input features');
    expect(() => kernels.bind('t', b, b, b, { kind: 'f16' }, 256, 512)).toThrow('not the 262144 it reads');
  });
});
