/** Where log lines go: `write` takes one line; `flush` pushes out what is pending. */
export interface LineSink {
  readonly write: (line: string) => void;
  readonly flush: () => void;
}

/**
 * Collects the lines logged during one turn of the event loop and writes them to `out` together, in
 * one write (one system call) instead of one per line: under load the service logs a line per request,
 * and each separate write to stdout costs a system call on the request path. Lines keep their order;
 * whatever is pending is written on `exit` too (stdout writes are synchronous on Linux for files,
 * pipes and terminals, so nothing queued is lost when the process ends).
 */
export const bufferedLines = (out: { write: (chunk: string) => unknown } = process.stdout): LineSink => {
  let pending: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const chunk = pending.length === 1 ? (pending[0] as string) : pending.join('');
    pending = [];
    out.write(chunk);
  };
  process.once('exit', flush);
  return {
    write: (line) => {
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush).unref();
      }
    },
    flush,
  };
};
