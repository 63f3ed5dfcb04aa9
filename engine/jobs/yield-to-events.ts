/**
 * Lets the worker's queued messages (a cancel) run between steps: on the CPU backend a forward call never waits on
 * anything, so without this a whole job would run as one task and could not be cancelled.
 */
export const yieldToEvents = () => new Promise((resolve) => setTimeout(resolve));
