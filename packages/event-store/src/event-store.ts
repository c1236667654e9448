import type { Either } from 'fp-ts/Either';
import type { EventStoreError, StoreUnavailable, WrongExpectedRevision } from './event-store-error';
import type { GlobalPosition } from './global-position';

/** JSON that survives a round trip through any adapter. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event to append. `id` makes retries idempotent: the same id at the same place is written once. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/** An event as the store recorded it. Revisions count from 0 within a stream. */
export interface RecordedEvent extends NewEvent {
  readonly streamName: string;
  readonly revision: number;
  readonly position: GlobalPosition;
  /**
   * When the store recorded it (ISO-8601). The same for an event however it is read (stream, global
   * log, subscription), but its precision is the adapter's (KurrentDB: whole seconds): a time shown
   * to users is the event's own `occurredAt` metadata.
   */
  readonly recordedAt: string;
}

/**
 * `no_stream`: the stream must not exist; `stream_exists`: it must; `any`: no check;
 * a number: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly nextExpectedRevision: number;
  /** Global position of the last event written (or found, for an idempotent retry). */
  readonly position: GlobalPosition;
}

/** One stream's part of a multi-stream append: its events, appended at its own expected revision. */
export interface StreamAppend {
  readonly streamName: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Revision to start from, inclusive. Defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

/** Which events of the global log to deliver. Both lists empty or absent: everything. */
export interface GlobalFilter {
  readonly streamPrefixes?: readonly string[];
  readonly eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. Absent: from the beginning. */
  readonly after?: GlobalPosition;
  readonly maxCount?: number;
  readonly filter?: GlobalFilter;
}

export interface ReadAllResult {
  readonly events: readonly RecordedEvent[];
  /** True when fewer than maxCount events matched: the reader has reached the end for now. */
  readonly isEnd: boolean;
}

export interface SubscribeOptions {
  /** Exclusive: deliver events after this position. Absent: from the beginning. */
  readonly after?: GlobalPosition;
  readonly filter?: GlobalFilter;
}

/** What a subscription yields: events in global order, and a mark each time it has caught up with the log. */
export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'caught-up'; readonly position: GlobalPosition | undefined };

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  /** Ends the iteration; pending `next()` calls resolve as done. */
  close(): Promise<void>;
}

/** The event-store port every adapter implements and the shared contract suite checks. */
export interface EventStore {
  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<Either<WrongExpectedRevision | StoreUnavailable, AppendResult>>;

  /**
   * Appends to several distinct streams in one round trip, all or nothing: when any stream's expected
   * revision does not hold, nothing is written and the error names that stream. Each part behaves as
   * `appendToStream` would (idempotent retries included); the parts' events enter the global log in the
   * order given. Results are in the order of `appends`. A stream named twice is refused (StoreUnavailable).
   */
  appendToStreams(
    appends: readonly StreamAppend[],
  ): Promise<Either<WrongExpectedRevision | StoreUnavailable, readonly AppendResult[]>>;

  readStream(
    streamName: string,
    options?: ReadStreamOptions,
  ): Promise<Either<EventStoreError, readonly RecordedEvent[]>>;

  readAll(options?: ReadAllOptions): Promise<Either<StoreUnavailable, ReadAllResult>>;

  /** A catch-up subscription: history after `after`, a `caught-up` mark, then live events. */
  subscribeToAll(options?: SubscribeOptions): Subscription;

  /** Position of the last event in the global log, or undefined when it is empty. */
  headPosition(): Promise<Either<StoreUnavailable, GlobalPosition | undefined>>;

  close(): Promise<void>;
}
