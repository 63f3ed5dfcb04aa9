/**
 * Tests only: seeded random page layouts for attention, and plain contiguous attention to judge them by. A layout
 * scatters several sequences' keys and values over a pool of blocks in random order (every other slot holds noise,
 * so a wrong read shows), and asks for a batch of rows in random order: decode rows (a sequence's last position) and
 * prefill rows (a run of its last positions, the whole sequence or a chunk after a cached prefix).
 */
import { Random } from '../model/random';

export interface PagedLayout {
  /** Query heads N, key/value heads K, head dimension H, tokens per block. */
  N: number;
  K: number;
  H: number;
  blockSize: number;
  /** Each sequence's keys and values laid out contiguously: (length, K·H). */
  keys: Float32Array[];
  values: Float32Array[];
  /** The batch: row t is position positions[t] of sequence rowSeq[t]; queries (T, N·H). */
  rowSeq: number[];
  positions: Int32Array;
  q: Float32Array;
  /** The paged view of the same keys and values: caches (blocks · blockSize, K·H), flat page tables. */
  kCache: Float32Array;
  vCache: Float32Array;
  tableStart: Int32Array;
  pageTables: Int32Array;
}

export interface LayoutOptions {
  /** Longest sequence drawn. */
  maxLength: number;
  /** Most sequences in the batch. */
  maxSequences: number;
  /** Most rows a prefill sequence puts in the batch. */
  maxPrefillRows: number;
  /** A further sequence of this length with one decode row, when given. */
  longDecode?: number;
}

const BLOCK_SIZES = [1, 2, 3, 4, 5, 8, 16];
const HEAD_DIMS = [4, 8, 12, 16];

/** Fisher–Yates with the layout's generator. */
function shuffle<T>(rng: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export function randomPagedLayout(seed: number, options: LayoutOptions): PagedLayout {
  const rng = new Random(seed);
  const blockSize = BLOCK_SIZES[rng.int(BLOCK_SIZES.length)]!;
  const K = 1 + rng.int(3);
  const N = K * [1, 2, 4][rng.int(3)]!;
  const H = HEAD_DIMS[rng.int(HEAD_DIMS.length)]!;
  const KH = K * H;

  // Each sequence is a decode (one row, its last position), a whole prompt's prefill, or a chunk of prefill after
  // a cached prefix: its length, and how many of its last positions are rows of the batch.
  const sequences = Array.from({ length: 1 + rng.int(options.maxSequences) }, () => {
    const kind = rng.int(3);
    if (kind === 0) return { length: 1 + rng.int(options.maxLength), rows: 1 };
    if (kind === 1) {
      const length = 1 + rng.int(options.maxPrefillRows);
      return { length, rows: length };
    }
    const length = 2 + rng.int(options.maxLength - 1);
    return { length, rows: 1 + rng.int(Math.min(length - 1, options.maxPrefillRows)) };
  });
  if (options.longDecode !== undefined) sequences.push({ length: options.longDecode, rows: 1 });
  const lengths = sequences.map((s) => s.length);
  const S = lengths.length;

  // Blocks: each sequence's in a random order drawn from one permutation of the pool, spare blocks left over.
  const counts = lengths.map((length) => Math.ceil(length / blockSize));
  const numBlocks = counts.reduce((a, b) => a + b, 0) + rng.int(5);
  const pool = shuffle(
    rng,
    Array.from({ length: numBlocks }, (_, i) => i),
  );
  const tables: number[][] = [];
  let taken = 0;
  for (const count of counts) tables.push(pool.slice(taken, (taken += count)));

  // Noise everywhere, then each sequence's keys and values written through its table.
  const slots = numBlocks * blockSize;
  const kCache = rng.uniformArray(slots * KH);
  const vCache = rng.uniformArray(slots * KH);
  const keys = lengths.map((length) => rng.uniformArray(length * KH));
  const values = lengths.map((length) => rng.uniformArray(length * KH));
  for (let s = 0; s < S; s++)
    for (let j = 0; j < lengths[s]!; j++) {
      const slot = tables[s]![Math.floor(j / blockSize)]! * blockSize + (j % blockSize);
      kCache.set(keys[s]!.subarray(j * KH, (j + 1) * KH), slot * KH);
      vCache.set(values[s]!.subarray(j * KH, (j + 1) * KH), slot * KH);
    }

  // The tables laid end to end in one random order of sequences, the rows in another.
  const tableOrder = shuffle(
    rng,
    lengths.map((_, s) => s),
  );
  const starts = new Array<number>(S);
  const flat: number[] = [];
  for (const s of tableOrder) {
    starts[s] = flat.length;
    flat.push(...tables[s]!);
  }
  const rows = shuffle(
    rng,
    lengths.flatMap((length, s) =>
      Array.from({ length: sequences[s]!.rows }, (_, i) => [s, length - sequences[s]!.rows + i]),
    ),
  );
  return {
    N,
    K,
    H,
    blockSize,
    keys,
    values,
    rowSeq: rows.map(([s]) => s!),
    positions: Int32Array.from(rows, ([, p]) => p!),
    q: rng.uniformArray(rows.length * N * H, 2),
    kCache,
    vCache,
    tableStart: Int32Array.from(rows, ([s]) => starts[s!]!),
    pageTables: Int32Array.from(flat),
  };
}

/**
 * Causal grouped-query attention over contiguous keys and values, in double precision: row t, at position p of
 * sequence s, takes softmax(q·kⱼ/√H) over keys 0..p of s and the weighted sum of their values; query head n reads
 * key/value head n ÷ (N/K). Knows nothing of blocks or page tables. Output (T, N·H).
 */
export function contiguousAttention(layout: PagedLayout): Float32Array {
  const { N, K, H, keys, values, rowSeq, positions, q } = layout;
  const T = positions.length;
  const out = new Float32Array(T * N * H);
  for (let t = 0; t < T; t++) {
    const [k, v, p] = [keys[rowSeq[t]!]!, values[rowSeq[t]!]!, positions[t]!];
    for (let n = 0; n < N; n++) {
      const head = Math.floor(n / (N / K));
      const query = q.subarray((t * N + n) * H, (t * N + n + 1) * H);
      const scores = Array.from({ length: p + 1 }, (_, j) => {
        let dot = 0;
        for (let i = 0; i < H; i++) dot += query[i]! * k[(j * K + head) * H + i]!;
        return dot / Math.sqrt(H);
      });
      const max = Math.max(...scores);
      const weights = scores.map((score) => Math.exp(score - max));
      const sum = weights.reduce((a, b) => a + b, 0);
      for (let i = 0; i < H; i++) {
        let acc = 0;
        for (let j = 0; j <= p; j++) acc += weights[j]! * v[(j * K + head) * H + i]!;
        out[(t * N + n) * H + i] = acc / sum;
      }
    }
  }
  return out;
}

/** The largest amount by which |actual − expected| exceeds atol + rtol·|expected| (≤ 0: all within); NaN fails. */
export function worstExcess(
  actual: Float32Array,
  expected: Float32Array,
  atol: number,
  rtol: number,
): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = -Infinity;
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i]! - expected[i]!);
    worst = Math.max(worst, Number.isNaN(diff) ? Infinity : diff - (atol + rtol * Math.abs(expected[i]!)));
  }
  return worst;
}
