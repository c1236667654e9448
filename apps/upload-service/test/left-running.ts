/**
 * Services and child processes a test file started and has not stopped yet. A test that fails between
 * starting one and stopping it would otherwise leave a listening server (or a child) behind, and Jest
 * would never exit: whatever is left is stopped after the file's own hooks, pass or fail.
 */
const running = new Set<() => Promise<unknown>>();

/** Registers how to stop something; the returned function unregisters it (call it once stopped). */
export const stopAfterFile = (stop: () => Promise<unknown>): (() => void) => {
  running.add(stop);
  return () => running.delete(stop);
};

// Registered when a test file first imports this module: a root-level hook of that file.
if (typeof afterAll === 'function') {
  afterAll(async () => {
    const left = [...running];
    running.clear();
    await Promise.all(left.map((stop) => stop().catch(() => undefined)));
  });
}
