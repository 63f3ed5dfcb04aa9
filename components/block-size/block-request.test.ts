import { describe, expect, it } from 'vitest';
import { targetModel } from '../testing/target-model';
import { attentionRequest } from './block-request';

const gpu = { backend: 'webgpu' } as const;
const cpu = { backend: 'cpu', fallbackReason: 'No WebGPU.' } as const;

describe('attentionRequest', () => {
  it("times every offered block size with the model's heads, a smaller batch on the CPU", () => {
    // prose-target: 6 query heads sharing 2 KV heads of 64 dimensions.
    expect(attentionRequest(targetModel.config, gpu)).toEqual({
      B: 8,
      S: 1024,
      N: 6,
      K: 2,
      H: 64,
      blockSizes: [1, 2, 4, 8, 16, 32, 64, 128],
      seed: 1,
    });
    expect(attentionRequest(targetModel.config, cpu)).toMatchObject({ B: 4, S: 256 });
  });
});
