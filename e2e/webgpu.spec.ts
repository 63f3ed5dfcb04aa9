// Proves the test browser has a working WebGPU adapter by running a compute shader and checking its output.
// Fails loudly when no adapter is found: the engine's GPU tests depend on it.
import { expect, test } from './fixtures';

test('WebGPU runs a compute shader in the test browser', async ({ page }) => {
  await page.goto('/');
  const result = await page.evaluate(async () => {
    if (!navigator.gpu) return { error: 'navigator.gpu is missing: WebGPU is not enabled in this browser' };
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return { error: 'requestAdapter() returned null: no WebGPU adapter' };
    const device = await adapter.requestDevice();
    const n = 1024;
    const module = device.createShaderModule({
      label: 'square-plus-index',
      code: `
        @group(0) @binding(0) var<storage, read_write> data: array<f32>;
        @compute @workgroup_size(64)
        fn main(@builtin(global_invocation_id) id: vec3u) {
          if (id.x < arrayLength(&data)) { data[id.x] = data[id.x] * data[id.x] + f32(id.x); }
        }`,
    });
    const pipeline = device.createComputePipeline({
      label: 'square-plus-index',
      layout: 'auto',
      compute: { module },
    });
    const input = Float32Array.from({ length: n }, (_, i) => (i % 17) - 8);
    const storage = device.createBuffer({
      label: 'data',
      size: input.byteLength,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(storage, 0, input);
    const readback = device.createBuffer({
      label: 'readback',
      size: input.byteLength,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [{ binding: 0, resource: { buffer: storage } }],
      }),
    );
    pass.dispatchWorkgroups(n / 64);
    pass.end();
    encoder.copyBufferToBuffer(storage, 0, readback, 0, input.byteLength);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const output = Array.from(new Float32Array(readback.getMappedRange()));
    const mismatches = output.filter((v, i) => v !== input[i]! * input[i]! + i).length;
    return {
      architecture: adapter.info.architecture,
      vendor: adapter.info.vendor,
      mismatches,
      sample: output.slice(0, 4),
    };
  });
  expect(result).not.toHaveProperty('error');
  // inputs -8, -7, -6, -5 → 64 + 0, 49 + 1, 36 + 2, 25 + 3
  expect(result).toMatchObject({ mismatches: 0, sample: [64, 50, 38, 28] });
});
