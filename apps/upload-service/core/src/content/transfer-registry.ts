/** A transfer in progress on this instance: abort it and the PUT ends with an error. */
export interface Transfer {
  readonly signal: AbortSignal;
  /** Bytes received so far. */
  bytes: number;
  /** Removes the transfer from the registry (the PUT ended, either way). */
  end(): void;
}

interface Entry {
  readonly controller: AbortController;
  bytes: number;
}

/**
 * The uploads this instance is receiving, by session and file. Cancel, fail, expire and remove-file
 * abort the matching transfers; `bytes_transferred` of a file in flight comes from here.
 */
export class TransferRegistry {
  private readonly sessions = new Map<string, Map<string, Entry>>();

  /** Undefined when the same file is already being received. */
  begin(sessionId: string, fileName: string): Transfer | undefined {
    const files = this.sessions.get(sessionId) ?? new Map<string, Entry>();
    if (files.has(fileName)) return undefined;
    const entry: Entry = { controller: new AbortController(), bytes: 0 };
    files.set(fileName, entry);
    this.sessions.set(sessionId, files);
    return {
      signal: entry.controller.signal,
      get bytes() {
        return entry.bytes;
      },
      set bytes(value: number) {
        entry.bytes = value;
      },
      end: () => {
        if (files.get(fileName) !== entry) return;
        files.delete(fileName);
        if (files.size === 0 && this.sessions.get(sessionId) === files) this.sessions.delete(sessionId);
      },
    };
  }

  /** Bytes received so far by the transfer of this file, if one is in flight here. */
  progress(sessionId: string, fileName: string): number | undefined {
    return this.sessions.get(sessionId)?.get(fileName)?.bytes;
  }

  abortFile(sessionId: string, fileName: string, reason: string): void {
    this.sessions.get(sessionId)?.get(fileName)?.controller.abort(new Error(reason));
  }

  abortSession(sessionId: string, reason: string): number {
    const files = this.sessions.get(sessionId);
    if (files === undefined) return 0;
    for (const entry of files.values()) entry.controller.abort(new Error(reason));
    return files.size;
  }

  /** Aborts every transfer; a ServiceShutdown reason makes them answer "retry later". */
  abortAll(reason: string | Error): void {
    const error = typeof reason === 'string' ? new Error(reason) : reason;
    for (const files of this.sessions.values())
      for (const entry of files.values()) entry.controller.abort(error);
  }

  get inFlight(): number {
    let n = 0;
    for (const files of this.sessions.values()) n += files.size;
    return n;
  }
}
