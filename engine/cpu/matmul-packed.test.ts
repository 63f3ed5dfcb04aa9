import { describe, expect, it } from 'vitest';
import { f16ToF32, f32ToF16 } from '../model/half';
import { Random } from '../model/random';
import { packHalves } from '../quant/halves';
import { dequantizeMatrix, quantizeMatrix } from '../quant/quantize';
import { schemeName, type IntScheme } from '../quant/scheme';
import { addInPlace } from './add';
import { matmul } from './matmul';
import { matmulHalf, matmulPacked } from './matmul-packed';

const f32 = (xs: number[]) => Float32Array.from(xs);
const int = (bits: IntScheme['bits'], group: IntScheme['group'], zeroPoint = false): IntScheme => ({
  kind: 'int',
  bits,
  group,
  zeroPoint,
});

describe('packed linear layers, worked by hand', () => {
  // int8 per row, weight (2, 4): row 0 codes 129 127 130 128 at scale 0.5 → [0.5, -0.5, 1, 0]; row 1 codes
  // 128 138 118 128 at scale 0.25 → [0, 2.5, -2.5, 0]. One word of codes per row, then both scales in one word.
  const weight = {
    scheme: int(8, 'row'),
    O: 2,
    I: 4,
    words: Uint32Array.of(0x80827f81, 0x80768a80, (f32ToF16(0.25) << 16) | f32ToF16(0.5)),
  };
  const inp = f32([1, 2, 3, 4, -1, 0, 1, 0]); // (2, 4)

  it('int8: each code minus 128, times its row scale', () => {
    const out = new Float32Array(4);
    matmulPacked(out, inp, weight, 2);
    expect(Array.from(out)).toEqual([2.5, -2.5, 0.5, -2.5]);
  });

  it('adds into out when accumulating', () => {
    const out = f32([1, 1, 1, 1]);
    matmulPacked(out, inp, weight, 2, true);
    expect(Array.from(out)).toEqual([3.5, -1.5, 1.5, -1.5]);
  });

  it('f16: two halves to a word, the even feature low', () => {
    const words = packHalves(f32([1, -2, 0.5, 3])); // weight (2, 2)
    expect(Array.from(words)).toEqual([0xc0003c00, 0x42003800]);
    const out = new Float32Array(2);
    matmulHalf(out, f32([1, 1]), words, 1, 2, 2);
    expect(Array.from(out)).toEqual([-1, 3.5]);
  });
});

describe('packed linear layers equal matmul on the dequantized weights', () => {
  const [T, I, O] = [3, 256, 5];
  const random = new Random(7);
  const inp = random.uniformArray(T * I); // (T, I)
  const w = random.uniformArray(O * I, 1 / Math.sqrt(I)); // (O, I)
  const residual = random.uniformArray(T * O); // (T, O)

  const schemes = [
    int(8, 'row'),
    int(8, 64, true),
    int(4, 32),
    int(4, 64),
    int(4, 128),
    int(4, 128, true),
    int(3, 64),
    int(3, 32, true),
    int(2, 64),
  ];
  for (const scheme of schemes) {
    it(schemeName(scheme), () => {
      const packed = quantizeMatrix(w, O, I, scheme);
      const expected = new Float32Array(T * O);
      matmul(expected, inp, dequantizeMatrix(packed), T, I, O);
      const out = new Float32Array(T * O);
      matmulPacked(out, inp, packed, T);
      expect(out).toEqual(expected); // the same products summed in the same order

      const sum = residual.slice();
      matmulPacked(sum, inp, packed, T, true);
      addInPlace(expected, residual, T * O);
      for (let k = 0; k < T * O; k++) expect(sum[k]).toBeCloseTo(expected[k]!, 6);
    });
  }

  it('f16', () => {
    const expected = new Float32Array(T * O);
    matmul(
      expected,
      inp,
      w.map((v) => f16ToF32(f32ToF16(v))),
      T,
      I,
      O,
    );
    const out = new Float32Array(T * O);
    matmulHalf(out, inp, packHalves(w), T, I, O);
    expect(out).toEqual(expected);
  });
});
