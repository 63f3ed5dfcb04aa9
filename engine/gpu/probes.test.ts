// The device probes on WebGPU: the FMA probe computes what its CPU twin computes, and a profile of the test device
// has every figure, positive. (Its timings on SwiftShader are not performance.)
import { describe, expect, it } from 'vitest';
import copyCode from '../measure/kernels/copy.wgsl?raw';
import fmaCode from '../measure/kernels/fma.wgsl?raw';
import { measureGpuRates } from '../measure/microbench';
import { copyTwin, fmaTwin } from '../measure/microbench-twins';
import { dispatchLinear, Kernel, Params } from './kernel';
import { expectClose, randomArray, runPass, storageBuffer, testGpu, uploadBuffer } from './testing';

describe('device probes', () => {
  it('the copy probe matches its CPU twin exactly', async () => {
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

  it('the FMA probe matches its CPU twin (within 1e-5: fused against separate rounding)', async () => {
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

  it('profiles the device', async () => {
    const ctx = await testGpu();
    const profile = await measureGpuRates(ctx.device, ctx.limits.maxStorageBufferBindingSize);
    expect(profile.backend).toBe('webgpu');
    for (const value of [profile.copyBandwidth, profile.peakFlops, profile.submitSeconds])
      expect(value).toBeGreaterThan(0);
    expect(profile.dispatchSeconds).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
