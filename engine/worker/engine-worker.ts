/**
 * The engine's Web Worker: holds the page's one session, so long work (weight generation, prefill, decoding)
 * never blocks the page. Answers the messages of protocol.ts.
 */
import { createSession, probeGpu, type EngineSession } from '../create-session';
import { measureCpuRates, measureGpuRates } from '../measure/microbench';
import { contextSweep } from '../serve/context-sweep';
import { decodeSweep } from '../serve/decode-sweep';
import { generate } from '../serve/generate';
import { kvCacheState } from '../serve/kv-state';
import type { FromWorker, ProbeResult, ToWorker } from './protocol';

const scope = self as unknown as {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};
const post = (message: FromWorker) => scope.postMessage(message);

let current: EngineSession | undefined;
const running = new Map<number, AbortController>();

async function probe(): Promise<ProbeResult> {
  const gpu = await probeGpu();
  if ('reason' in gpu) return { backend: 'cpu', fallbackReason: gpu.reason };
  const result: ProbeResult = { backend: 'webgpu', adapter: gpu.adapter, limits: gpu.limits };
  gpu.device.destroy();
  return result;
}

/** The loaded session, or an error saying none is. */
function loaded(): EngineSession {
  if (!current) throw new Error('No model is loaded: the engine must be started first.');
  return current;
}

/** A prompt of `length` byte tokens for timing runs: any ids do, since the model's work does not depend on them. */
function promptTokens(length: number): number[] {
  return Array.from({ length }, (_, i) => (i * 31) % 256);
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'probe':
      post({ type: 'probed', id: message.id, result: await probe() });
      return;
    case 'profile': {
      const progress = (stage: string, fraction: number) =>
        post({ type: 'progress', id: message.id, stage, fraction });
      const gpu = await probeGpu();
      if ('reason' in gpu) {
        post({ type: 'profiled', id: message.id, profile: await measureCpuRates(progress) });
        return;
      }
      const profile = await measureGpuRates(gpu.device, gpu.limits.maxStorageBufferBindingSize, progress);
      gpu.device.destroy();
      post({ type: 'profiled', id: message.id, profile });
      return;
    }
    case 'decode-sweep': {
      const progress = (fraction: number) =>
        post({ type: 'progress', id: message.id, stage: 'timing batches', fraction });
      post({
        type: 'swept',
        id: message.id,
        points: await decodeSweep(loaded().session, message.request, progress),
      });
      return;
    }
    case 'context-sweep': {
      const { session, info } = loaded();
      const controller = new AbortController();
      running.set(message.id, controller);
      const progress = (fraction: number) =>
        post({ type: 'progress', id: message.id, stage: 'timing decode steps', fraction });
      try {
        const result = await contextSweep(session, info.config, message.request, progress, controller.signal);
        post({ type: 'context-swept', id: message.id, result });
      } finally {
        running.delete(message.id);
      }
      return;
    }
    case 'profile-decode': {
      const { session } = loaded();
      const seq = session.create();
      try {
        await session.forward([{ seq, tokens: promptTokens(message.context), logits: 'last' }]);
        const times = await session.profileDecode(seq, 32);
        post({ type: 'decode-profiled', id: message.id, times, cached: message.context });
      } finally {
        session.free(seq);
      }
      return;
    }
    case 'profile-prefill': {
      const times = await loaded().session.profilePrefill(promptTokens(message.tokens));
      post({ type: 'prefill-profiled', id: message.id, times, tokens: message.tokens });
      return;
    }
    case 'init': {
      for (const controller of running.values()) controller.abort();
      current?.destroy();
      current = undefined;
      current = await createSession(
        message.request,
        (stage, fraction) => post({ type: 'progress', id: message.id, stage, fraction }),
        (lost) => {
          current = undefined;
          post({ type: 'device-lost', message: lost });
        },
      );
      post({ type: 'ready', id: message.id, info: current.info });
      return;
    }
    case 'generate': {
      const { session, tokenizer, info } = loaded();
      const controller = new AbortController();
      running.set(message.id, controller);
      const { prompt, ...options } = message.request;
      const ids: number[] = [];
      try {
        for await (const t of generate(session, tokenizer.encode(prompt), {
          ...options,
          signal: controller.signal,
        })) {
          ids.push(t.token);
          post({
            type: 'token',
            id: message.id,
            step: {
              text: tokenizer.decode(ids),
              tokens: ids.length,
              phase: t.phase,
              seconds: t.seconds,
              tokensIn: t.tokensIn,
              cache: kvCacheState(session.cache, t.seq, info.config),
            },
          });
        }
        post({ type: 'done', id: message.id, cancelled: false });
      } catch (error) {
        if (!controller.signal.aborted) throw error;
        post({ type: 'done', id: message.id, cancelled: true });
      } finally {
        running.delete(message.id);
      }
      return;
    }
    case 'cancel':
      running.get(message.target)?.abort();
      return;
  }
}

scope.onmessage = (event) => {
  handle(event.data).catch((error: Error) =>
    post({ type: 'error', id: event.data.id, name: error.name, message: error.message }),
  );
};
