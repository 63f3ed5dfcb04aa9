// The page's engine as a widget's *.svelte.test.ts scripts it: probed, on the CPU fallback, ready, and running what
// the test assigns to `run`. One per test file (each file imports its own copy of this module); the file's vi.mock of
// the engine state hands it out through `useScriptedEngine`.
export const scriptedEngine = {
  probe: { backend: 'cpu', fallbackReason: 'This browser has no WebGPU.' },
  progress: undefined,
  busy: false,
  measuringDevice: false,
  status: 'ready',
  error: undefined,
  activeSignal: undefined,
  ensureProbe: async () => {},
  run: undefined as unknown,
};

export const useScriptedEngine = () => scriptedEngine;
