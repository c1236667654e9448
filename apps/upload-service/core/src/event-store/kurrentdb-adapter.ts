type KurrentDbAdapter = typeof import('@upload-sessions/event-store-kurrentdb');

let loaded: KurrentDbAdapter | undefined;

/**
 * The KurrentDB adapter, loaded on first use: its client (gRPC, a native bridge) adds ~37 MiB of RSS
 * and ~11 MiB of heap to a process that only uses the embedded SQLite store (issue 16, P5).
 */
export const kurrentDbAdapter = (): KurrentDbAdapter =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load; import() is asynchronous and needs a VM flag under Jest
  (loaded ??= require('@upload-sessions/event-store-kurrentdb') as KurrentDbAdapter);
