/** Wall-clock timing of GPU work for the benchmark: whole submissions, after a warm-up. */

/**
 * Seconds per call of `encode`, repeated `reps` times in one compute pass and submitted once, timed from the
 * submission to onSubmittedWorkDone, after one warm-up submission; `encode` is given the repetition's index.
 */
export async function time(
  device: GPUDevice,
  encode: (pass: GPUComputePassEncoder, rep: number) => void,
  reps: number,
): Promise<number> {
  const run = async (n: number) => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    for (let i = 0; i < n; i++) encode(pass, i);
    pass.end();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
  };
  await run(1);
  const start = performance.now();
  await run(reps);
  return (performance.now() - start) / 1000 / reps;
}
