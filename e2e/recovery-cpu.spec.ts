// Recovery in the page on the CPU backend (WebGPU unavailable): an engine worker that crashes mid-run is reported in
// lesson 1's live engine, and the next run starts a new worker (recovery.spec.ts has the WebGPU journeys).
import { cpuOnlyLaunchOptions } from './chromium';
import { test } from './fixtures';
import { crashed, recoveryTest, useTestHooks } from './pages/recovery';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});
useTestHooks();

// The CPU runs the synthetic models in moments: the trained target (about 20 tokens/s here) is still generating when
// the worker is made to crash.
recoveryTest({
  ...crashed(/^CPU/, 'prose-target', 150),
  name: 'an engine worker that crashes mid-run on the CPU backend',
});
