// The microbenchmark kernels on WebGPU compute what their CPU twins compute: the copy exactly, the FMA chain within
// rounding.
import { describe, it } from 'vitest';
import { dispatchLinear, Kernel, Params } from '../gpu/kernel';
import { expectClose, randomArray, runPass, storageBuffer, testGpu, uploadBuffer } from '../gpu/testing';
import copyCode from './kernels/copy.wgsl?raw';
import fmaCode from './kernels/fma.wgsl?raw';
import { copyTwin, fmaTwin } from './microbench-twins';

describe('microbenchmark kernels against their twins', () => {
  it('the copy kernel matches its CPU twin exactly', async () => {
    const { device } = await testGpu();
    const src = randomArray(40, 4096);
    const dst = storageBuffer(device, 'dst', src.byteLength);
    const params = new Params(device, 'copy', ['u32']);
    params.set([src.length / 4]);
    const kernel = new Kernel(device, 'copy', copyCode);
    const group = kernel.bind('t', [dst, uploadBuffer(device, 'src', src), params.buffer]);
    const gpu = await runPass(
      device,
      (pass) => dispatchLinear(kernel, pass, group, src.length / 4, 256),
      dst,
      src.length,
    );
    const cpu = new Float32Array(src.length);
    copyTwin(cpu, src);
    expectClose(gpu, cpu, 0);
  });

  it('the FMA kernel matches its CPU twin (within 1e-5: fused against separate rounding)', async () => {
    const { device } = await testGpu();
    const threads = 512;
    const out = storageBuffer(device, 'out', threads * 4);
    const params = new Params(device, 'fma', ['u32']);
    params.set([37]);
    const kernel = new Kernel(device, 'fma', fmaCode);
    const group = kernel.bind('t', [out, params.buffer]);
    const gpu = await runPass(
      device,
      (pass) => dispatchLinear(kernel, pass, group, threads, 256),
      out,
      threads,
    );
    const cpu = new Float32Array(threads);
    fmaTwin(cpu, threads, 37);
    expectClose(gpu, cpu, 1e-5, 1e-5);
  });
});
