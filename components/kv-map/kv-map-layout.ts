/**
 * The KV memory map's geometry and words, from the engine's report of its cache: one group of cells per layer that
 * holds a cache, one cell per block of the pool, each filled as far as the sequence has written it. Every layer's
 * cache has the same page table (a block number means the same slots in each layer's key and value buffers), so
 * the groups fill alike; the map draws them apart because each is memory of its own.
 */
import { RELEASED_BLOCK, type KvCacheState } from '@engine/index';
import { formatInteger, formatSi } from '../charts/format';

/** What the map needs: the pool, the layers with a cache, and the sequence's page table. */
export type MapState = Pick<KvCacheState, 'blockSize' | 'numBlocks' | 'cacheLayers' | 'pageTable' | 'tokens'>;

/** Cell size, gap between cells, gap between layer groups and the width of the layer labels, in pixels. */
export const CELL = 18;
export const GAP = 3;
export const GROUP_GAP = 10;
export const LABEL_WIDTH = 58;

export interface MapCell {
  layer: number;
  /** Physical block in the pool. */
  block: number;
  /** Which of the sequence's blocks it holds (its page-table index), or undefined when the block is free. */
  logical: number | undefined;
  /** Tokens written into it. */
  tokens: number;
  /** tokens ÷ blockSize. */
  fraction: number;
  x: number;
  y: number;
}

export interface MapLayout {
  cells: MapCell[];
  /** Each layer group's label and the y of its first row. */
  groups: { layer: number; y: number }[];
  width: number;
  height: number;
}

/** Tokens held by each physical block, and which logical block it is, from the page table. */
export function blockContents(state: MapState): Map<number, { logical: number; tokens: number }> {
  const contents = new Map<number, { logical: number; tokens: number }>();
  state.pageTable.forEach((block, logical) => {
    if (block === RELEASED_BLOCK) return;
    const tokens = Math.min(state.blockSize, state.tokens - logical * state.blockSize);
    contents.set(block, { logical, tokens });
  });
  return contents;
}

/**
 * Cells for every layer's cache, at most `perRow` blocks to a row, rows wrapping within each layer's group and
 * holding as even a share of the pool as they can.
 */
export function mapLayout(state: MapState, perRow: number): MapLayout {
  const rowsPerLayer = Math.ceil(state.numBlocks / Math.max(1, perRow));
  const columns = Math.ceil(state.numBlocks / rowsPerLayer);
  const groupHeight = rowsPerLayer * (CELL + GAP) - GAP;
  const contents = blockContents(state);
  const cells: MapCell[] = [];
  const groups = state.cacheLayers.map((layer, g) => {
    const top = g * (groupHeight + GROUP_GAP);
    for (let block = 0; block < state.numBlocks; block++) {
      const held = contents.get(block);
      const tokens = held?.tokens ?? 0;
      cells.push({
        layer,
        block,
        logical: held?.logical,
        tokens,
        fraction: tokens / state.blockSize,
        x: LABEL_WIDTH + (block % columns) * (CELL + GAP),
        y: top + Math.floor(block / columns) * (CELL + GAP),
      });
    }
    return { layer, y: top };
  });
  return {
    cells,
    groups,
    width: LABEL_WIDTH + columns * (CELL + GAP) - GAP,
    height: state.cacheLayers.length * (groupHeight + GROUP_GAP) - GROUP_GAP,
  };
}

/** Blocks per row that fit in `width` pixels (at least 4). */
export function blocksPerRow(width: number): number {
  return Math.max(4, Math.floor((width - LABEL_WIDTH + GAP) / (CELL + GAP)));
}

export interface KvTotals {
  /** Blocks the sequence holds. */
  blocks: number;
  /** Bytes its tokens' keys and values take, every layer. */
  tokenBytes: number;
  /** Bytes its blocks reserve, every layer: whole blocks, filled or not. */
  blockBytes: number;
  /** Slots reserved but not yet written (in the last block). */
  unusedSlots: number;
}

export function kvTotals(state: KvCacheState): KvTotals {
  const blocks = blockContents(state).size;
  return {
    blocks,
    tokenBytes: state.tokens * state.bytesPerToken,
    blockBytes: blocks * state.blockSize * state.bytesPerToken,
    unusedSlots: blocks * state.blockSize - state.tokens,
  };
}

/** The map in one paragraph, for screen readers and under the map. */
export function describeKvMap(state: KvCacheState | undefined, promptTokens: number): string {
  if (!state) return 'The cache is empty: every block of the pool is free. Run the model to fill it.';
  const { blocks, tokenBytes, blockBytes, unusedSlots } = kvTotals(state);
  const full = Math.floor(state.tokens / state.blockSize);
  const rest = state.tokens - full * state.blockSize;
  const layers = state.cacheLayers.length;
  const last = rest
    ? `; the last holds ${formatInteger(rest)} of its ${formatInteger(state.blockSize)} slots`
    : '';
  return (
    `The cache holds ${formatInteger(state.tokens)} tokens (${formatInteger(promptTokens)} from the prompt) in ` +
    `${formatInteger(blocks)} of the pool's ${formatInteger(state.numBlocks)} blocks of ${formatInteger(state.blockSize)} ` +
    `tokens, the same blocks in each of ${formatInteger(layers)} layers' caches: ${formatInteger(full)} full${last}. ` +
    `At ${formatInteger(state.bytesPerToken)} bytes per token (keys and values of every layer, f32) the tokens take ` +
    `${formatSi(tokenBytes, 'B')}; their blocks reserve ${formatSi(blockBytes, 'B')}, ` +
    `${formatInteger(unusedSlots)} slots not yet written.`
  );
}

/** The table under the map: one row per block the sequence holds. */
export function kvMapRows(state: KvCacheState | undefined): string[][] {
  if (!state) return [];
  return state.pageTable.map((block, logical) => {
    const first = logical * state.blockSize;
    if (block === RELEASED_BLOCK) return [formatInteger(logical), 'released', '0', '—', '0 B'];
    const tokens = Math.min(state.blockSize, state.tokens - first);
    return [
      formatInteger(logical),
      formatInteger(block),
      `${formatInteger(tokens)} of ${formatInteger(state.blockSize)}`,
      `${formatInteger(first)}–${formatInteger(first + tokens - 1)}`,
      formatSi(tokens * state.bytesPerToken, 'B'),
    ];
  });
}
