import { describe, expect, it } from 'vitest';
import { kvBytesPerToken } from './llama-shape';
import { MAMBA_2_8B, MAMBA_PEER, stateBytes, stateNumbers } from './state-space';

describe('state-space decoding state', () => {
  it('holds 64 layers · 5,120 channels · (16 + 4) numbers for Mamba 2.8B, 13.1 MB in bf16 at any context', () => {
    expect(stateNumbers(MAMBA_2_8B.shape)).toBe(64 * 5120 * 20);
    expect(stateBytes(MAMBA_2_8B.shape, 'bf16')).toBe(13_107_200);
  });

  it('sets it against the same-size transformer’s cache: 2 · 32 · 32 · 80 · 2 = 327,680 bytes per token', () => {
    expect(kvBytesPerToken(MAMBA_PEER.shape, 'bf16')).toBe(327_680);
  });
});
