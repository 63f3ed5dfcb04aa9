/**
 * The typed messages between a page and the engine's worker. The page asks; the worker answers each request by
 * its id, streaming progress and tokens before a final `ready`, `done` or `error`.
 */
import type { OpTime } from '../backend';
import type { SessionInfo, SessionRequest } from '../create-session';
import type { DeviceRates } from '../measure/microbench';
import type { ContextSweepRequest, ContextSweepResult } from '../serve/context-sweep';
import type { DecodeSweepPoint, DecodeSweepRequest } from '../serve/decode-sweep';
import type { KvCacheState } from '../serve/kv-state';
import type { SamplingOptions } from '../serve/sampling';

export interface GenerateRequest extends SamplingOptions {
  prompt: string;
  maxTokens: number;
  seed: number;
}

export type ToWorker =
  | { type: 'probe'; id: number }
  | { type: 'profile'; id: number }
  | { type: 'decode-sweep'; id: number; request: DecodeSweepRequest }
  | { type: 'context-sweep'; id: number; request: ContextSweepRequest }
  | { type: 'profile-decode'; id: number; context: number }
  | { type: 'profile-prefill'; id: number; tokens: number }
  | { type: 'init'; id: number; request: SessionRequest }
  | { type: 'generate'; id: number; request: GenerateRequest }
  | { type: 'cancel'; id: number; target: number };

/** What the probe found: which backend a session would get, and the adapter's limits. */
export interface ProbeResult {
  backend: 'webgpu' | 'cpu';
  fallbackReason?: string;
  adapter?: SessionInfo['adapter'];
  limits?: { maxStorageBufferBindingSize: number; maxBufferSize: number };
}

export interface GeneratedStep {
  /** Text generated so far (the prompt excluded). */
  text: string;
  tokens: number;
  phase: 'prefill' | 'decode';
  /** Seconds this step took (wall clock around the forward call and read-back). */
  seconds: number;
  /** Tokens the step processed. */
  tokensIn: number;
  /** The KV cache after the step: the generating sequence's page table, the pool, bytes per token. */
  cache: KvCacheState;
}

export type FromWorker =
  | { type: 'probed'; id: number; result: ProbeResult }
  | { type: 'profiled'; id: number; profile: DeviceRates }
  | { type: 'swept'; id: number; points: DecodeSweepPoint[] }
  | { type: 'context-swept'; id: number; result: ContextSweepResult }
  | { type: 'decode-profiled'; id: number; times: OpTime[]; cached: number }
  | { type: 'prefill-profiled'; id: number; times: OpTime[]; tokens: number }
  | { type: 'progress'; id: number; stage: string; fraction: number }
  | { type: 'ready'; id: number; info: SessionInfo }
  | { type: 'token'; id: number; step: GeneratedStep }
  | { type: 'done'; id: number; cancelled: boolean }
  | { type: 'error'; id: number; name: string; message: string }
  | { type: 'device-lost'; message: string };
