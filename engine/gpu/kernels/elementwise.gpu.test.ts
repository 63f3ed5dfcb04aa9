// GPU against CPU twins for the elementwise kernels: swiglu, bias, embedding, gather-rows, rmsnorm.
import { describe, it } from 'vitest';
import { addBias } from '../../cpu/add';
import { embedding } from '../../cpu/embedding';
import { gatherRows } from '../../cpu/gather-rows';
import { rmsnorm } from '../../cpu/rmsnorm';
import { swiglu } from '../../cpu/swiglu';
import { expectClose, randomArray, runPass, storageBuffer, testGpu, uploadBuffer } from '../testing';
import { BiasKernel } from './bias';
import { EmbeddingKernel } from './embedding';
import { GatherRowsKernel } from './gather-rows';
import { RmsNormKernel } from './rmsnorm';
import { SwigluKernel } from './swiglu';

describe('elementwise kernels match their CPU twins', () => {
  it('swiglu (within 1e-6 relative)', async () => {
    const { device } = await testGpu();
    const n = 777;
    const gate = randomArray(3, n, 6);
    const up = randomArray(4, n);
    const out = uploadBuffer(device, 'g', gate);
    const gpu = await runPass(
      device,
      (pass) => new SwigluKernel(device).bind('t', out, uploadBuffer(device, 'u', up))(pass, n),
      out,
      n,
    );
    const cpu = gate.slice();
    swiglu(cpu, up, n);
    expectClose(gpu, cpu, 1e-7, 1e-6);
  });

  it('bias on every row (exact: one addition each)', async () => {
    const { device } = await testGpu();
    const [T, width] = [5, 37];
    const rows = randomArray(6, T * width);
    const bias = randomArray(7, width);
    const out = uploadBuffer(device, 'rows', rows);
    const gpu = await runPass(
      device,
      (pass) => new BiasKernel(device).bind('t', out, uploadBuffer(device, 'bias', bias), width)(pass, T),
      out,
      T * width,
    );
    const cpu = rows.slice();
    addBias(cpu, bias, T, width);
    expectClose(gpu, cpu, 0);
  });

  it('embedding and gather-rows (exact copies)', async () => {
    const { device } = await testGpu();
    const [V, D, T] = [50, 24, 7];
    const table = randomArray(5, V * D);
    const tokens = Int32Array.from([3, 0, 49, 7, 7, 21, 1]);
    const out = storageBuffer(device, 'out', T * D * 4);
    const gpu = await runPass(
      device,
      (pass) =>
        new EmbeddingKernel(device).bind(
          't',
          out,
          uploadBuffer(device, 'table', table),
          uploadBuffer(device, 'tokens', tokens),
          D,
        )(pass, T),
      out,
      T * D,
    );
    const cpu = new Float32Array(T * D);
    embedding(cpu, table, tokens, T, D, V);
    expectClose(gpu, cpu, 0);

    const rows = Int32Array.from([6, 2]);
    const gathered = storageBuffer(device, 'gathered', 2 * D * 4);
    const gpuRows = await runPass(
      device,
      (pass) =>
        new GatherRowsKernel(device).bind(
          't',
          gathered,
          uploadBuffer(device, 'x', cpu),
          uploadBuffer(device, 'rows', rows),
          D,
        )(pass, 2),
      gathered,
      2 * D,
    );
    const cpuRows = new Float32Array(2 * D);
    gatherRows(cpuRows, cpu, rows, 2, D);
    expectClose(gpuRows, cpuRows, 0);
  });

  it('rmsnorm (within 1e-5)', async () => {
    const { device } = await testGpu();
    const [T, D] = [5, 300];
    const inp = randomArray(6, T * D, 3);
    const weight = randomArray(7, D);
    const out = storageBuffer(device, 'out', T * D * 4);
    const gpu = await runPass(
      device,
      (pass) =>
        new RmsNormKernel(device).bind(
          't',
          out,
          uploadBuffer(device, 'inp', inp),
          uploadBuffer(device, 'w', weight),
          D,
          1e-5,
        )(pass, T),
      out,
      T * D,
    );
    const cpu = new Float32Array(T * D);
    rmsnorm(cpu, inp, weight, T, D, 1e-5);
    expectClose(gpu, cpu, 1e-5, 1e-5);
  });
});
