import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppendResult, EventStore, GlobalPosition, NewEvent } from '@upload-sessions/event-store';

/** The header a command's response carries and a later query may send back. */
export const POSITION_HEADER = 'x-upload-sessions-position';

/** What one HTTP request has written, and the position it asked to read at. */
export interface RequestWrites {
  /** The request object (its principal is known only once a guard has run). */
  readonly request: object;
  /** The `X-Upload-Sessions-Position` the client sent, validated. */
  readonly requested: GlobalPosition | undefined;
  /** The position of the last event this request appended. */
  written: GlobalPosition | undefined;
}

const keyOf = (organizationId: string, actorId: string): string => `${organizationId}\u0000${actorId}`;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const writerOf = (event: NewEvent): string | undefined => {
  const organizationId = text(event.metadata['organizationId']);
  const actor = event.metadata['actor'];
  const actorId =
    typeof actor === 'object' && actor !== null && !Array.isArray(actor) ? text(actor['id']) : undefined;
  return organizationId === undefined || actorId === undefined ? undefined : keyOf(organizationId, actorId);
};

/**
 * Remembers the positions of writes: per request (for the response header) and per writer, i.e.
 * organization and actor (so a client that sends no header still reads its own writes on this
 * instance). Entries the read models have passed are dropped; the map is bounded in any case.
 */
export class WriteTracker {
  private readonly context = new AsyncLocalStorage<RequestWrites>();
  private readonly lastWrites = new Map<string, GlobalPosition>();
  private lastAnywhere: GlobalPosition | undefined;
  private readonly unrecorded = new AsyncLocalStorage<true>();

  constructor(private readonly maxWriters = 100_000) {}

  /** Runs `work` (and everything it awaits) as part of one request. */
  runInRequest<T>(writes: RequestWrites, work: () => T): T {
    return this.context.run(writes, work);
  }

  /**
   * Runs `work` with its appends not recorded: writes to streams no read model follows (vSphere login
   * sessions), which no read must wait for and no response must name.
   */
  untracked<T>(work: () => T): T {
    return this.unrecorded.run(true, work);
  }

  currentRequest(): RequestWrites | undefined {
    return this.context.getStore();
  }

  /** The last position written by this organization's actor (a user, an API token), if still pending. */
  lastWriteOf(organizationId: string, actorId: string): GlobalPosition | undefined {
    return this.lastWrites.get(keyOf(organizationId, actorId));
  }

  /** The last position this process wrote, whoever wrote it. */
  lastWrite(): GlobalPosition | undefined {
    return this.lastAnywhere;
  }

  /** Forgets a writer's last write once the read models have reached it: nobody waits for it any more. */
  forget(organizationId: string, actorId: string, reached: GlobalPosition): void {
    const key = keyOf(organizationId, actorId);
    const written = this.lastWrites.get(key);
    if (written !== undefined && written <= reached) this.lastWrites.delete(key);
  }

  get pendingWriters(): number {
    return this.lastWrites.size;
  }

  recordAppend(events: readonly NewEvent[], result: AppendResult): void {
    if (this.unrecorded.getStore() === true) return;
    if (this.lastAnywhere === undefined || result.position > this.lastAnywhere)
      this.lastAnywhere = result.position;
    const request = this.context.getStore();
    if (request !== undefined && (request.written === undefined || result.position > request.written)) {
      request.written = result.position;
    }
    const first = events[0];
    const key = first === undefined ? undefined : writerOf(first);
    if (key === undefined) return;
    const known = this.lastWrites.get(key);
    if (known !== undefined && known >= result.position) return;
    // Re-insert so the map's order is least recently written first: the oldest go when it is full.
    this.lastWrites.delete(key);
    this.lastWrites.set(key, result.position);
    if (this.lastWrites.size > this.maxWriters) {
      const oldest = this.lastWrites.keys().next();
      if (oldest.done !== true) this.lastWrites.delete(oldest.value);
    }
  }

  /** The store, with every successful append recorded here. */
  track(store: EventStore): EventStore {
    const appendToStream: EventStore['appendToStream'] = async (streamName, events, options) => {
      const result = await store.appendToStream(streamName, events, options);
      if (result._tag === 'Right') this.recordAppend(events, result.right);
      return result;
    };
    const appendToStreams: EventStore['appendToStreams'] = async (appends) => {
      const result = await store.appendToStreams(appends);
      if (result._tag === 'Right')
        appends.forEach((append, i) => {
          const appended = result.right[i];
          if (appended !== undefined) this.recordAppend(append.events, appended);
        });
      return result;
    };
    return {
      appendToStream,
      appendToStreams,
      readStream: (streamName, options) => store.readStream(streamName, options),
      readAll: (options) => store.readAll(options),
      subscribeToAll: (options) => store.subscribeToAll(options),
      headPosition: () => store.headPosition(),
      close: () => store.close(),
    };
  }
}
