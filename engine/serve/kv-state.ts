/**
 * The KV cache as one generating sequence sees it, for a memory map: the pool's size and blocks in use, the
 * sequence's page table, and the bytes a token's keys and values take in the engine's cache buffers. A plain,
 * cloneable object: the worker sends one after every generated token.
 */
import { kvWritingLayers } from '../model/kv-sharing';
import type { LlamaConfig } from '../model/config';
import type { PagedKvCache } from '../kv/paged-kv-cache';
import { bufferNeeds } from '../model/footprint';

export interface KvCacheState {
  /** Tokens per block. */
  blockSize: number;
  /** Blocks in the pool. */
  numBlocks: number;
  /** Blocks the pool has handed out (to any sequence). */
  blocksInUse: number;
  /** The layers that hold a cache, each with its own key and value buffers (all layers, unless they share). */
  cacheLayers: number[];
  /** The sequence's page table: logical block i is physical block pageTable[i], or RELEASED_BLOCK. */
  pageTable: number[];
  /** Tokens the sequence holds. */
  tokens: number;
  /** Bytes one token's keys and values take across every cache, as the engine stores them (f32). */
  bytesPerToken: number;
}

/** The state of sequence `seq` in `cache`, for a session of the model `config`. */
export function kvCacheState(cache: PagedKvCache, seq: number, config: LlamaConfig): KvCacheState {
  return {
    blockSize: cache.blockSize,
    numBlocks: cache.pool.numBlocks,
    blocksInUse: cache.pool.usedCount,
    cacheLayers: kvWritingLayers(config),
    pageTable: [...cache.pageTable(seq)],
    tokens: cache.length(seq),
    bytesPerToken: kvBytesPerBlock(config, 1),
  };
}

/** Bytes one KV block occupies across the engine's cache buffers (one key and one value buffer per cache held). */
export function kvBytesPerBlock(config: LlamaConfig, blockSize: number): number {
  const needs = bufferNeeds(config, { numBlocks: 1, blockSize, maxTokens: 1, maxLogitRows: 1 });
  return needs.filter((n) => /(key|value) cache$/.test(n.what)).reduce((sum, n) => sum + n.bytes, 0);
}
