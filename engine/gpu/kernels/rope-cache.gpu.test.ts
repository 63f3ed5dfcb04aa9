// GPU against CPU twins for the fused rotation and cache write: rope on queries and keys, then kv-write.
import { describe, it } from 'vitest';
import { kvWrite } from '../../cpu/kv-write';
import { rope, ropeTables } from '../../cpu/rope';
import { expectClose, randomArray, runPass, testGpu, uploadBuffer } from '../testing';
import { RopeCacheKernel } from './rope-cache';

const [T, N, K, H, P, slotCount] = [5, 4, 2, 16, 301, 12];

/** Seeded inputs for T rows, on the device, with their host copies. */
async function inputs() {
  const { device } = await testGpu();
  const q = randomArray(1, T * N * H);
  const k = randomArray(2, T * K * H);
  const v = randomArray(3, T * K * H);
  const kCache = randomArray(4, slotCount * K * H);
  const vCache = randomArray(5, slotCount * K * H);
  const positions = Int32Array.from([0, 1, 17, 150, 300]);
  const slots = Int32Array.from([3, 0, 11, 7, 4]);
  const tables = ropeTables(P, H, 10000);
  const table = new Float32Array([...tables.cos, ...tables.sin]);
  const b = {
    q: uploadBuffer(device, 'q', q),
    k: uploadBuffer(device, 'k', k),
    v: uploadBuffer(device, 'v', v),
    kCache: uploadBuffer(device, 'kc', kCache),
    vCache: uploadBuffer(device, 'vc', vCache),
    positions: uploadBuffer(device, 'pos', positions),
    slots: uploadBuffer(device, 'slots', slots),
    table: uploadBuffer(device, 'table', table),
  };
  return { device, b, q, k, v, kCache, vCache, positions, slots, tables };
}

describe('rope-cache matches rope then kv-write', () => {
  it('rotates queries in place and caches rotated keys and values (within 1e-6: same tables)', async () => {
    const { device, b, q, k, v, kCache, vCache, positions, slots, tables } = await inputs();
    const encode = new RopeCacheKernel(device).bind('t', b, N, K, H, P);
    const gpuQ = await runPass(device, (pass) => encode(pass, T), b.q, T * N * H);
    const gpuK = await runPass(device, () => {}, b.kCache, kCache.length);
    const gpuV = await runPass(device, () => {}, b.vCache, vCache.length);

    const cpuQ = new Float32Array(q.length);
    const rotatedK = new Float32Array(k.length);
    rope(cpuQ, q, positions, tables, T, N, H);
    rope(rotatedK, k, positions, tables, T, K, H);
    const cpuK = kCache.slice();
    const cpuV = vCache.slice();
    kvWrite(cpuK, cpuV, rotatedK, v, slots, T, K * H);
    expectClose(gpuQ, cpuQ, 1e-6);
    expectClose(gpuK, cpuK, 1e-6);
    expectClose(gpuV, cpuV, 0);
  });

  it('for a layer sharing an earlier cache, rotates only the queries and writes nothing', async () => {
    const { device, b, q, kCache, vCache, positions, tables } = await inputs();
    const encode = new RopeCacheKernel(device).bindQueries('t', b, N, H, P);
    const gpuQ = await runPass(device, (pass) => encode(pass, T), b.q, T * N * H);
    const cpuQ = new Float32Array(q.length);
    rope(cpuQ, q, positions, tables, T, N, H);
    expectClose(gpuQ, cpuQ, 1e-6);
    expectClose(await runPass(device, () => {}, b.kCache, kCache.length), kCache, 0);
    expectClose(await runPass(device, () => {}, b.vCache, vCache.length), vCache, 0);
  });
});
