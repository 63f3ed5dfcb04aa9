/** Start the engine's worker (bundled by Vite as an ES module worker) and wrap it in a client. */
import { EngineClient } from './client';

export function spawnEngine(): EngineClient {
  return new EngineClient(
    new Worker(new URL('./engine-worker.ts', import.meta.url), {
      type: 'module',
      name: 'memory-bound engine',
    }),
  );
}
