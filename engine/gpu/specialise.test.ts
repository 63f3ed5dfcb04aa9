// Specialising WGSL by its named constants: values are set by type, everything else is kept, and a marker that is
// missing, repeated or of another type throws, naming it.
import { describe, expect, it } from 'vitest';
import attentionCode from './kernels/attention.wgsl?raw';
import matvecCode from './kernels/matvec.wgsl?raw';
import { specialise } from './specialise';

const code = [
  'const ROWS: u32 = 1u;',
  'const ACCUMULATE: bool = false; // out += inp · weightᵀ',
  '  const SCALE : f32 = 1.0;',
  'const OFFSET: i32 = 0i;',
  'fn main() { let r = ROWS; }',
].join('\n');

describe('specialise', () => {
  it('sets each named constant as a literal of its type and keeps the rest of the source', () => {
    expect(specialise(code, { ROWS: 8, ACCUMULATE: true, SCALE: 0.5, OFFSET: -3 }, 'test')).toBe(
      [
        'const ROWS: u32 = 8u;',
        'const ACCUMULATE: bool = true; // out += inp · weightᵀ',
        '  const SCALE : f32 = 0.5f;',
        'const OFFSET: i32 = -3i;',
        'fn main() { let r = ROWS; }',
      ].join('\n'),
    );
    expect(specialise(code, {}, 'test')).toBe(code);
  });

  it('throws naming a marker that is missing or declared more than once', () => {
    expect(() => specialise(code, { SPLIT: true }, 'attention split')).toThrow(
      'attention split: the WGSL marker `const SPLIT: …;` should be declared once at the start of a line, found 0',
    );
    expect(() => specialise(`${code}\nconst ROWS: u32 = 2u;`, { ROWS: 4 }, 'matvec ×4')).toThrow(
      'matvec ×4: the WGSL marker `const ROWS: …;` should be declared once at the start of a line, found 2',
    );
    // A mention that is not a declaration at the start of a line is not the marker.
    expect(() => specialise('// const SPLIT: bool = false;', { SPLIT: true }, 'x')).toThrow('found 0');
  });

  it('throws when the value does not fit the constant’s type', () => {
    expect(() => specialise(code, { ROWS: true }, 'test')).toThrow(
      'test: constant ROWS is a u32; true is not one',
    );
    expect(() => specialise(code, { ROWS: -1 }, 'test')).toThrow('constant ROWS is a u32; -1 is not one');
    expect(() => specialise(code, { ROWS: 1.5 }, 'test')).toThrow('constant ROWS is a u32; 1.5 is not one');
    expect(() => specialise(code, { ACCUMULATE: 1 }, 'test')).toThrow(
      'constant ACCUMULATE is a bool; 1 is not one',
    );
    expect(() => specialise(code, { 'ROWS|x': 1 }, 'test')).toThrow('"ROWS|x" is not a WGSL constant name');
  });

  it('finds the markers of the shipped kernels', () => {
    expect(specialise(attentionCode, { SPLIT: true }, 'attention split')).toContain(
      'const SPLIT: bool = true;',
    );
    const matvec = specialise(matvecCode, { ROWS: 4, ACCUMULATE: true }, 'matvec ×4 +=');
    expect(matvec).toContain('const ROWS: u32 = 4u;');
    expect(matvec).toContain('const ACCUMULATE: bool = true;');
  });
});
