// A serving setup for the widgets' unit tests: Llama 2 7B in bf16, weights and cache, on an H100 SXM.
import { analytic } from '@engine/index';

export const LLAMA_2_7B_ON_H100: analytic.ServingSetup = {
  model: analytic.modelById('llama-2-7b').shape,
  device: analytic.hardwareById('h100-sxm'),
  weightDtype: 'bf16',
  kvDtype: 'bf16',
};
