/** The engine's one public entry: widgets import from here (or use the worker client), never from files inside engine/. */
export * as analytic from './analytic/index';
export { EngineClient } from './worker/client';
export { spawnEngine } from './worker/spawn';
export type { GenerateRequest, GeneratedStep, ProbeResult } from './worker/protocol';
export type { KvCacheState } from './serve/kv-state';
export { RELEASED_BLOCK } from './kv/paged-kv-cache';
export type { SessionInfo, SessionRequest } from './create-session';
export type { DeviceRates } from './measure/microbench';
export type { OpTime } from './backend';
export { byKind, stepOpCounts, sumCosts, type OpCount, type OpKind } from './measure/op-costs';
export { measuredOps, type MeasuredOp } from './measure/measured-ops';
export type { DecodeSweepPoint, DecodeSweepRequest } from './serve/decode-sweep';
export type { ContextSweepPoint, ContextSweepRequest, ContextSweepResult } from './serve/context-sweep';
export { SYNTHETIC_SIZES, syntheticSize, type SyntheticSize } from './model/synthetic-sizes';
export { KV_HEAVY_SIZES } from './model/kv-heavy-sizes';
export {
  bufferNeeds,
  checkLimits,
  CPU_MEMORY_BUDGET,
  LimitError,
  type SessionShape,
} from './model/footprint';
export { parameterCount } from './model/weights';
export { BpeTokenizer } from './model/bpe-tokenizer';
export { parseConfig, shapeOf, type LlamaConfig } from './model/config';
