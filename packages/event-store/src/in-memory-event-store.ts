import { isLeft, left, right, type Either } from 'fp-ts/Either';
import { catchUpSubscription, type SubscriptionPage } from './catch-up-subscription';
import { CommitSignal } from './commit-signal';
import {
  storeUnavailable,
  streamNotFound,
  wrongExpectedRevision,
  type EventStoreError,
  type StoreUnavailable,
  type WrongExpectedRevision,
} from './event-store-error';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  GlobalFilter,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from './event-store';
import { positionFromNumber, type GlobalPosition } from './global-position';
import { matchesFilter } from './global-filter';
import { expectationHolds, retryStartsAt } from './expected-revision';

const closedError = (): StoreUnavailable => storeUnavailable('The event store is closed');

/** Deep copy through JSON, as a real store would, so callers cannot mutate what was recorded. */
const copyJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * The port's semantics in plain memory, for fast unit tests of the application and as the reference
 * model the embedded adapters are compared with. Event ids are unique across the whole store, as in SQLite.
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly signal = new CommitSignal();
  private closed = false;

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<Either<WrongExpectedRevision | StoreUnavailable, AppendResult>> {
    if (this.closed) return left(closedError());
    const checked = this.check({ streamName, events, expectedRevision: options.expectedRevision });
    return isLeft(checked) ? checked : right(this.apply(streamName, events, checked.right));
  }

  async appendToStreams(
    appends: readonly StreamAppend[],
  ): Promise<Either<WrongExpectedRevision | StoreUnavailable, readonly AppendResult[]>> {
    if (this.closed) return left(closedError());
    const names = new Set(appends.map((a) => a.streamName));
    if (names.size !== appends.length)
      return left(storeUnavailable('A multi-stream append names a stream twice'));
    const allIds = appends.flatMap((a) => a.events.map((e) => e.id));
    if (new Set(allIds).size !== allIds.length) {
      const first = appends[0];
      if (first !== undefined) {
        const current = (this.streams.get(first.streamName)?.length ?? 0) - 1;
        return left(
          wrongExpectedRevision(
            first.streamName,
            first.expectedRevision,
            current === -1 ? 'no_stream' : current,
          ),
        );
      }
    }
    // Every check before any write: all or nothing.
    const checked: (AppendResult | 'write')[] = [];
    for (const append of appends) {
      const outcome = this.check(append);
      if (isLeft(outcome)) return outcome;
      checked.push(outcome.right);
    }
    return right(
      appends.map((append, i) => this.apply(append.streamName, append.events, checked[i] ?? 'write')),
    );
  }

  /** An idempotent retry's result, 'write' when the append may go ahead, or why it may not. */
  private check(append: StreamAppend): Either<WrongExpectedRevision, AppendResult | 'write'> {
    const { streamName, events } = append;
    const expected = append.expectedRevision;
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length - 1;
    const actual = current === -1 ? 'no_stream' : current;

    const retry = this.findRetry(streamName, events, expected);
    if (retry !== undefined) return right(retry);
    if (!expectationHolds(expected, current))
      return left(wrongExpectedRevision(streamName, expected, actual));
    const ids = new Set(events.map((e) => e.id));
    if (ids.size !== events.length || events.some((e) => this.byId.has(e.id))) {
      return left(wrongExpectedRevision(streamName, expected, actual));
    }
    return right('write');
  }

  /** Writes checked events (or answers the retry found by `check`). */
  private apply(
    streamName: string,
    events: readonly NewEvent[],
    checked: AppendResult | 'write',
  ): AppendResult {
    if (checked !== 'write') return checked;
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length - 1;
    if (events.length === 0) {
      return {
        nextExpectedRevision: current,
        position: stream.at(-1)?.position ?? positionFromNumber(0),
      };
    }

    const recordedAt = new Date().toISOString();
    for (const event of events) {
      const recorded: RecordedEvent = {
        id: event.id,
        type: event.type,
        data: copyJson(event.data),
        metadata: copyJson(event.metadata),
        streamName,
        revision: stream.length,
        position: positionFromNumber(this.log.length + 1),
        recordedAt,
      };
      stream.push(recorded);
      this.log.push(recorded);
      this.byId.set(recorded.id, recorded);
    }
    this.streams.set(streamName, stream);
    this.signal.notify();
    const last = stream[stream.length - 1] as RecordedEvent;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream(
    streamName: string,
    options: ReadStreamOptions = {},
  ): Promise<Either<EventStoreError, readonly RecordedEvent[]>> {
    if (this.closed) return left(closedError());
    const stream = this.streams.get(streamName);
    if (stream === undefined) return left(streamNotFound(streamName));
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const selected =
      options.direction === 'backwards'
        ? stream.filter((e) => e.revision <= (options.fromRevision ?? Number.POSITIVE_INFINITY)).reverse()
        : stream.filter((e) => e.revision >= (options.fromRevision ?? 0));
    return right(selected.slice(0, Math.max(0, maxCount)));
  }

  async readAll(options: ReadAllOptions = {}): Promise<Either<StoreUnavailable, ReadAllResult>> {
    if (this.closed) return left(closedError());
    const page = this.page(options.after, options.maxCount ?? Number.POSITIVE_INFINITY, options.filter);
    return right({ events: page.events, isEnd: page.isEnd });
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    return catchUpSubscription(
      async (after, maxCount, filter) =>
        this.closed ? left(closedError()) : right(this.page(after, maxCount, filter)),
      this.signal,
      options,
    );
  }

  async headPosition(): Promise<Either<StoreUnavailable, GlobalPosition | undefined>> {
    if (this.closed) return left(closedError());
    return right(this.log.at(-1)?.position);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.signal.close();
  }

  /** An earlier append of exactly these events at a place `expected` allows, if there is one. */
  private findRetry(
    streamName: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): AppendResult | undefined {
    const first = events[0] && this.byId.get(events[0].id);
    if (first === undefined || first.streamName !== streamName || !retryStartsAt(expected, first.revision)) {
      return undefined;
    }
    const stream = this.streams.get(streamName) ?? [];
    const written = stream.slice(first.revision, first.revision + events.length);
    if (written.length !== events.length || written.some((e, i) => e.id !== events[i]?.id)) return undefined;
    const last = written[written.length - 1] as RecordedEvent;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private page(
    after: GlobalPosition | undefined,
    maxCount: number,
    filter: GlobalFilter | undefined,
  ): SubscriptionPage {
    // Positions are 1-based indexes into the log, so `after` is the index to start at.
    const start = after === undefined ? 0 : Number(after.slice(0, 20));
    const events: RecordedEvent[] = [];
    let scannedTo: GlobalPosition | undefined;
    for (let i = start; i < this.log.length && events.length < maxCount; i += 1) {
      const event = this.log[i] as RecordedEvent;
      scannedTo = event.position;
      if (matchesFilter(event, filter)) events.push(event);
    }
    const isEnd = events.length < maxCount;
    return { events, isEnd, scannedTo: isEnd ? this.log.at(-1)?.position : scannedTo };
  }
}
