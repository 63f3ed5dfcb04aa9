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

/**
 * Submit `encode`'s work in one pass after another, each awaited, for `ms` milliseconds: a GPU that has idled (while
 * the host uploaded weights, say) may have lowered its clocks, and short timed work would run at them. An H200 was
 * seen at 345 MHz then, against 1,980 MHz under sustained load, and every kernel timed alone ran 3–5 times slower
 * (docs/performance.md, "Clocks").
 */
export async function keepBusy(
  device: GPUDevice,
  ms: number,
  encode: (pass: GPUComputePassEncoder) => void,
): Promise<void> {
  for (const end = performance.now() + ms; performance.now() < end;) {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    encode(pass);
    pass.end();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
  }
}
