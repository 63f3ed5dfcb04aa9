/**
 * A macrotask's turn: resolves after the event loop has handled what was waiting (input, painting, timers). Through
 * a message channel, which browsers do not clamp to 4 ms as they do nested zero-delay timeouts.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
