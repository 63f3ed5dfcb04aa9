/**
 * What a KV block size costs a set of sequences in memory, counted rather than measured: internal waste (the slots
 * of each sequence's last block that hold no token) and the page tables (one entry per block held, 4 bytes each, as
 * the engine's Int32 tables). It models every sequence held at once at the length given, each in blocks of its own:
 * no prefix sharing, no copy-on-write, no sliding window, and no external waste (a paged pool has none, since any
 * free block serves any sequence). Kwon et al. 2023 (vLLM), §4.1 and §7.2 on the choice of block size.
 */

/** Bytes of one page-table entry: a block number as an int32. */
export const PAGE_TABLE_ENTRY_BYTES = 4;

export interface BlockWaste {
  /** Tokens per block. */
  blockSize: number;
  /** Tokens the sequences store, all together. */
  tokens: number;
  /** Blocks they hold: ⌈length / blockSize⌉ each. */
  blocks: number;
  /** Slots held that store no token: the unfilled tail of each last block. */
  wastedSlots: number;
  /** wastedSlots as a share of the slots held (0 when nothing is held). */
  wastedShare: number;
  /** Page-table entries: one per block held. */
  tableEntries: number;
  /** Their bytes, at PAGE_TABLE_ENTRY_BYTES each. */
  tableBytes: number;
}

/** The waste and the page tables of sequences of `lengths` tokens in blocks of `blockSize`. */
export function blockWaste(lengths: readonly number[], blockSize: number): BlockWaste {
  const tokens = lengths.reduce((sum, length) => sum + length, 0);
  const blocks = lengths.reduce((sum, length) => sum + Math.ceil(length / blockSize), 0);
  const held = blocks * blockSize;
  return {
    blockSize,
    tokens,
    blocks,
    wastedSlots: held - tokens,
    wastedShare: held > 0 ? (held - tokens) / held : 0,
    tableEntries: blocks,
    tableBytes: blocks * PAGE_TABLE_ENTRY_BYTES,
  };
}
