/**
 * What the end-to-end tests can ask of the engine's worker, through the page (components/state/test-hooks.ts);
 * readers' pages never send these. `watch-gpu` starts counting the GPU buffers alive on devices not yet lost (it
 * wraps device and buffer creation, so it must come before the first device); `count-buffers` reads that count (buffers
 * created and not destroyed: the count holds them, so a buffer the engine merely drops still counts, as it should);
 * `lose-device` destroys every device the worker holds, as a driver reset would take them; `crash` throws outside
 * any job, as a bug in the worker would.
 */
export type TestAction = 'watch-gpu' | 'count-buffers' | 'lose-device' | 'crash';

/** An action's answer, with the number of jobs the worker was running when it acted. */
export interface TestAnswer {
  answer: number;
  jobsRunning: number;
}

const buffersByDevice = new Map<GPUDevice, Set<GPUBuffer>>();

function watchGpu(): void {
  if (typeof GPUAdapter === 'undefined' || GPUAdapter.prototype.requestDevice.name === 'watchedRequestDevice')
    return;
  const requestDevice = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function watchedRequestDevice(descriptor) {
    const device = await requestDevice.call(this, descriptor);
    buffersByDevice.set(device, new Set());
    void device.lost.then(() => buffersByDevice.delete(device));
    return device;
  };
  const createBuffer = GPUDevice.prototype.createBuffer;
  GPUDevice.prototype.createBuffer = function (descriptor) {
    const buffer = createBuffer.call(this, descriptor);
    buffersByDevice.get(this)?.add(buffer);
    return buffer;
  };
  const destroy = GPUBuffer.prototype.destroy;
  GPUBuffer.prototype.destroy = function () {
    for (const buffers of buffersByDevice.values()) buffers.delete(this);
    destroy.call(this);
  };
}

/** Do `action`; answers with the buffer count, or the number of devices destroyed. */
export function runTestAction(action: TestAction): number {
  switch (action) {
    case 'watch-gpu':
      watchGpu();
      return 0;
    case 'count-buffers':
      return [...buffersByDevice.values()].reduce((sum, buffers) => sum + buffers.size, 0);
    case 'lose-device': {
      const devices = [...buffersByDevice.keys()];
      devices.forEach((device) => device.destroy());
      return devices.length;
    }
    case 'crash':
      // After this answer has reached the page.
      setTimeout(() => {
        throw new Error('a crash forced by a test hook');
      }, 50);
      return 0;
  }
}
