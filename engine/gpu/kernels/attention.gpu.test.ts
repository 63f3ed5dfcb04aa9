// GPU against CPU twin for paged attention and the KV-cache kernels: prefill over several sequences with small
// blocks in scattered order, decode at a context longer than one workgroup chunk, grouped-query heads, a sliding
// window over a page table with released blocks; the same split along the context for decode steps; seeded random
// page layouts against plain contiguous attention (as the CPU meets it in cpu/attention-paged.test.ts); block copies.
import { describe, expect, it } from 'vitest';
import { attention } from '../../cpu/attention';
import { kvCopyBlocks } from '../../cpu/kv-write';
import { attentionPartialsBytes, attentionSplit } from '../../model/attention-split';
import { PagedKvCache, RELEASED_BLOCK } from '../../kv/paged-kv-cache';
import { contiguousAttention, randomPagedLayout } from '../../testing/paged-layouts';
import { expectClose, randomArray, runPass, storageBuffer, testGpu, uploadBuffer } from '../testing';
import { AttentionKernel } from './attention';
import { KvCopyKernel } from './kv-copy';

const [N, K, H, blockSize, numBlocks] = [4, 2, 16, 3, 400];

interface AttentionInputs {
  q: Float32Array;
  kCache: Float32Array;
  vCache: Float32Array;
  positions: Int32Array;
  tableStart: Int32Array;
  pageTables: Int32Array;
  N: number;
  K: number;
  H: number;
  blockSize: number;
  window?: number;
}

/** One kernel for the file: its pipelines compile once (seconds on SwiftShader), its binds take any shape. */
let kernel: AttentionKernel | undefined;

/**
 * The GPU kernel's attention of rows at `positions` through `pageTables`. It is told the step's longest context, so
 * a decode step with a long one takes the split path.
 */
async function gpuAttention(a: AttentionInputs): Promise<Float32Array> {
  const { device } = await testGpu();
  kernel ??= new AttentionKernel(device);
  const T = a.positions.length;
  const out = storageBuffer(device, 'out', T * a.N * a.H * 4);
  const encode = kernel.bind(
    't',
    {
      out,
      q: uploadBuffer(device, 'q', a.q),
      kCache: uploadBuffer(device, 'k', a.kCache),
      vCache: uploadBuffer(device, 'v', a.vCache),
      positions: uploadBuffer(device, 'pos', a.positions),
      tableStart: uploadBuffer(device, 'starts', a.tableStart),
      pageTables: uploadBuffer(device, 'tables', a.pageTables),
      partials: storageBuffer(device, 'partials', attentionPartialsBytes(T, a.N, a.H)),
    },
    a.N,
    a.K,
    a.H,
    a.blockSize,
    a.window,
  );
  const context = Math.max(...a.positions) + 1;
  return runPass(device, (pass) => encode(pass, T, context), out, T * a.N * a.H);
}

/** Attention of rows at `positions` through `pageTables`, on seeded caches and queries: GPU and CPU outputs. */
async function bothAttentions(
  seed: number,
  positions: Int32Array,
  tableStart: Int32Array,
  pageTables: Int32Array,
  window?: number,
): Promise<{ gpu: Float32Array; cpu: Float32Array }> {
  const slots = numBlocks * blockSize;
  const kCache = randomArray(seed, slots * K * H);
  const vCache = randomArray(seed + 1, slots * K * H);
  const T = positions.length;
  const q = randomArray(seed + 2, T * N * H, 2);
  const gpu = await gpuAttention({
    q,
    kCache,
    vCache,
    positions,
    tableStart,
    pageTables,
    N,
    K,
    H,
    blockSize,
    ...(window === undefined ? {} : { window }),
  });
  const cpu = new Float32Array(T * N * H);
  attention(cpu, q, kCache, vCache, positions, tableStart, pageTables, T, N, K, H, blockSize, window);
  return { gpu, cpu };
}

describe('attention and KV kernels match their CPU twins', () => {
  it('attention over page tables, prefill and long decode (within 1e-5)', async () => {
    // Three sequences of lengths 5 (prefill rows), 130 (one decode row), 2 (prefill rows), in a shared pool.
    const cache = new PagedKvCache({ numBlocks, blockSize });
    const a = cache.create();
    const filler = cache.create();
    const b = cache.create();
    const c = cache.create();
    cache.append(a, 2);
    cache.append(filler, 4);
    cache.append(b, 130);
    cache.append(a, 3);
    cache.append(c, 2);
    const tables = [cache.pageTable(a), cache.pageTable(b), cache.pageTable(c)];
    const starts = [0, tables[0]!.length, tables[0]!.length + tables[1]!.length];
    const { gpu, cpu } = await bothAttentions(
      20,
      Int32Array.from([0, 1, 2, 3, 4, 129, 0, 1]),
      Int32Array.from([0, 0, 0, 0, 0, starts[1]!, starts[2]!, starts[2]!]),
      Int32Array.from(tables.flat()),
    );
    expectClose(gpu, cpu, 1e-5, 1e-5);
  });

  it('attention in a sliding window that starts past the first chunk, released blocks unread (within 1e-5)', async () => {
    // Rows at positions 198 and 199 of one sequence see 129..198 and 130..199 (a window of 70); a second
    // sequence's prefill of 4 sees all of itself. The first sequence's blocks wholly before 129 are released.
    const cache = new PagedKvCache({ numBlocks, blockSize });
    const a = cache.create();
    const b = cache.create();
    cache.append(a, 200);
    cache.append(b, 4);
    cache.releaseBefore(a, 129);
    const tableA = cache.pageTable(a);
    expect(tableA.slice(0, 43).every((block) => block === RELEASED_BLOCK)).toBe(true);
    const { gpu, cpu } = await bothAttentions(
      23,
      Int32Array.from([198, 199, 0, 1, 2, 3]),
      Int32Array.from([0, 0, ...new Array(4).fill(tableA.length)]),
      Int32Array.from([...tableA, ...cache.pageTable(b)]),
      70,
    );
    expect(cpu.every(Number.isFinite)).toBe(true);
    expectClose(gpu, cpu, 1e-5, 1e-5);
  });

  it('split attention over decode rows of different contexts (within 1e-5)', async () => {
    // Contexts of 700 (not a whole number of 128-key chunks), 301, 5 (within the first chunk) and 129.
    const cache = new PagedKvCache({ numBlocks, blockSize });
    const lengths = [700, 301, 5, 129];
    const sequences = lengths.map(() => cache.create());
    for (const [i, length] of lengths.entries()) cache.append(sequences[i]!, length);
    const tables = sequences.map((s) => cache.pageTable(s));
    const starts = tables.map((_, i) => tables.slice(0, i).reduce((sum, table) => sum + table.length, 0));
    expect(attentionSplit(lengths.length, N, 700)).toEqual({ splits: 6, chunk: 128 });
    const { gpu, cpu } = await bothAttentions(
      40,
      Int32Array.from(lengths.map((length) => length - 1)),
      Int32Array.from(starts),
      Int32Array.from(tables.flat()),
    );
    expectClose(gpu, cpu, 1e-5, 1e-5);
  });

  it('split attention in a sliding window over released blocks (within 1e-5)', async () => {
    // Rows at 899 and 900 see their last 300 keys, in 3 chunks; a short row of 40 sees all of its own.
    const cache = new PagedKvCache({ numBlocks, blockSize });
    const a = cache.create();
    const b = cache.create();
    cache.append(a, 901);
    cache.append(b, 40);
    cache.releaseBefore(a, 600);
    const tableA = cache.pageTable(a);
    expect(tableA[0]).toBe(RELEASED_BLOCK);
    expect(attentionSplit(3, N, 300)).toEqual({ splits: 3, chunk: 128 });
    const { gpu, cpu } = await bothAttentions(
      41,
      Int32Array.from([899, 900, 39]),
      Int32Array.from([0, 0, tableA.length]),
      Int32Array.from([...tableA, ...cache.pageTable(b)]),
      300,
    );
    expect(cpu.every(Number.isFinite)).toBe(true);
    expectClose(gpu, cpu, 1e-5, 1e-5);
  });

  it('attention through 20 random page layouts equals contiguous attention, split decode included (within 1e-5)', async () => {
    // Seeded layouts as in cpu/attention-paged.test.ts (block size, grouped-query heads, blocks in random order,
    // decode and prefill rows in random order), against attention over each sequence's keys laid out contiguously;
    // the last four add a decode row at a context long enough for the step to split.
    const short = { maxLength: 40, maxSequences: 4, maxPrefillRows: 12 };
    const cases = [
      ...Array.from({ length: 16 }, (_, i) => ({ seed: 100 + i, options: short })),
      ...[300, 517, 700, 1000].map((longDecode, i) => ({
        seed: 200 + i,
        options: { ...short, maxSequences: 3, maxPrefillRows: 4, longDecode },
      })),
    ];
    for (const { seed, options } of cases) {
      const layout = randomPagedLayout(seed, options);
      const split = attentionSplit(layout.positions.length, layout.N, Math.max(...layout.positions) + 1);
      expect(split !== undefined, `layout ${seed} splits`).toBe('longDecode' in options);
      expectClose(await gpuAttention(layout), contiguousAttention(layout), 1e-5, 1e-5);
    }
  });

  it('kv-copy (exact)', async () => {
    const { device } = await testGpu();
    const [KH, blockSize, numBlocks] = [8, 4, 6];
    const size = numBlocks * blockSize * KH;
    const kCache = randomArray(30, size);
    const kBuf = uploadBuffer(device, 'kc', kCache);
    const copies = [
      { src: 1, dst: 4, tokens: 3 },
      { src: 5, dst: 2, tokens: 1 },
    ];
    const copy = new KvCopyKernel(device).bind(
      't',
      kBuf,
      uploadBuffer(device, 'copies', Uint32Array.from(copies.flatMap((c) => [c.src, c.dst, c.tokens, 0]))),
      blockSize,
      KH,
    );
    const gpuK = await runPass(device, (pass) => copy(pass, copies.length), kBuf, size);
    const cpuK = kCache.slice();
    kvCopyBlocks(cpuK, copies, blockSize, KH);
    expectClose(gpuK, cpuK, 0);
    expect(gpuK.subarray(4 * blockSize * KH, 4 * blockSize * KH + 3 * KH)).toEqual(
      cpuK.subarray(blockSize * KH, blockSize * KH + 3 * KH),
    );
  });
});
