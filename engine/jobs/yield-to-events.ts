/**
 * Lets the worker's queued messages (a cancel) run between steps: on the CPU backend a forward call never waits on
 * anything, so without this a whole job would run as one task and could not be cancelled. A message posted to itself
 * queues behind the messages already waiting, as a timer would, without the 4 ms a browser adds to nested timers
 * (which cost the CPU fallback's decode a quarter of its rate on the page: docs/performance.md).
 */
export const yieldToEvents = (): Promise<void> =>
  new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(undefined);
    port2.close();
  });
