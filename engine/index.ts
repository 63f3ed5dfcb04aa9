/**
 * The engine's one public entry for the site: components/, site/ and e2e/ import from here (a test enforces it), and
 * reach the worker through the client it exports. The speed benchmark has its own door, engine/bench-entry.ts.
 */
export * as analytic from './analytic/index';
export type { Source } from './analytic/source';
export { EngineClient, type RunOptions } from './worker/client';
export { spawnEngine } from './worker/spawn';
export type { JobName, JobPartial, JobRequest, JobResult } from './jobs/registry';
export type { ProbeResult } from './jobs/probe-device';
export type {
  CheckpointInspection,
  CheckpointReading,
  InspectCheckpointRequest,
} from './jobs/inspect-checkpoint';
export type { FolderFiles } from './model/checkpoint-folder';
export type { CheckpointFit } from './model/checkpoint-fit';
export type { GenerateRequest, GeneratedStep } from './jobs/generate';
export type { DecodeSweepPoint, DecodeSweepRequest, TimedDecodePoint } from './jobs/decode-sweep';
export { MIN_TIMED_STEPS } from './jobs/decode-sweep';
export type { ContextSweepPoint, ContextSweepRequest, ContextSweepResult } from './jobs/context-sweep';
export type { AttentionBlockPoint, AttentionByBlockResult } from './jobs/attention-by-block';
export type { AttentionByBlockRequest } from './measure/attention-by-block';
export { kvBytesPerBlock, type KvCacheState } from './serve/kv-state';
export { RELEASED_BLOCK } from './kv/paged-kv-cache';
export type { SessionInfo, SessionRequest } from './create-session';
export type { DeviceRates } from './measure/microbench';
export type { OpTime } from './backend';
export { byKind, stepOpCounts, sumCosts, type OpCount, type OpKind } from './measure/op-costs';
export { measuredOps, type MeasuredOp } from './measure/measured-ops';
export { SYNTHETIC_SIZES, syntheticSize, type SyntheticSize } from './model/synthetic-sizes';
export { syntheticConfig } from './model/synthetic-configs';
export { KV_HEAVY_SIZES } from './model/kv-heavy-sizes';
export {
  bufferNeeds,
  checkLimits,
  CPU_MEMORY_BUDGET,
  LimitError,
  type SessionShape,
} from './model/footprint';
export { parameterCount } from './model/weights';
export { checkpointFits } from './model/checkpoint-fit';
export {
  bitsPerWeight,
  matrixBytes,
  schemeName,
  storedInts,
  type Bits,
  type IntScheme,
  type WeightScheme,
} from './quant/scheme';
export type { ScoreTextRequest, TextScore } from './jobs/score-text';
export type { SchemeError, WeightGridRequest, WeightGridResult } from './jobs/weight-grid';
export type { ActivationOutliersRequest, ActivationOutliersResult } from './jobs/activation-outliers';
export {
  importanceOf,
  type PruneImportanceRequest,
  type PruneImportanceResult,
} from './jobs/prune-importance';
export { CRITERIA, type Criterion, type Importance } from './prune/importance';
export { GRANULARITIES, keptByImportance, keptInWidth, type Granularity, type Widths } from './prune/plan';
export { slicedConfig, type Kept } from './prune/slice';
export type { SparsityPattern } from './prune/sparsity';
export { entropy, klDivergence, softmaxAt } from './serve/divergence';
export type { TeacherMatch, TeacherMatchRequest } from './jobs/teacher-match';
export { NAMED_TOKENS, type NextTokenRequest, type NextTokenResult } from './jobs/next-token';
export { topIds } from './serve/top-ids';
export type { OutlierSite } from './quant/plant-outlier';
export { BpeTokenizer } from './model/bpe-tokenizer';
export { parseConfig, shapeOf, type LlamaConfig } from './model/config';
export { speculationRoom, type SpeculateRequest, type SpeculateResult } from './jobs/speculate';
export type { PayoffPoint, PayoffRequest, PayoffResult, PlainDecoding } from './jobs/speculative-payoff';
export type { PositionView, StepView } from './serve/speculative-view';
export {
  countFirstTokens,
  countTarget,
  FIRST_TOKEN_RULES,
  type FirstTokenRule,
} from './serve/first-token-samples';
export { chiSquareFit, type FitTest } from './serve/goodness-of-fit';
export type {
  BatchingPolicy,
  PolicyRun,
  ServeStreamRequest,
  ServeRun,
  ServeStreamResult,
  ServeStreamStep,
} from './jobs/serve-stream';
export {
  requestStream,
  type LengthDistribution,
  type ServeRequest,
  type StreamOptions,
} from './serve/scheduler/request-stream';
export {
  serve,
  type RequestRecord,
  type SchedulerOptions,
  type KvOwner,
  type KvSnapshot,
  type ServeResult,
  type StepRecord,
} from './serve/scheduler/scheduler';
export { CostModelExecutor, stepSeconds } from './serve/scheduler/cost-model-executor';
export { serveMetrics, type Percentiles, type ServeMetrics } from './serve/scheduler/serve-metrics';
export type { KvPlace, Reservation } from './serve/scheduler/kv-memory';
export { kvWaste, stepWaste, type KvWaste, type StepWaste } from './serve/scheduler/kv-waste';
export {
  latencyKnee,
  MEMORY_FRACTION,
  poolBlocks,
  SCALE_BLOCK_SIZE,
  serveAtScale,
  type ScaleRun,
  type ScaleSetup,
} from './serve/scheduler/serve-at-scale';
export type { PageTablesRequest, PageTablesResult } from './jobs/page-tables';
export type { PageSnapshot } from './serve/page-trace';
export type { PageEvent, PageOperation, SequencePages } from './serve/page-events';
export type { PrefixShareRequest, PrefixShareResult, PrefixShareServed } from './jobs/prefix-share';
export type { PrefixRun, PrefixServed } from './serve/prefix-sharing';
