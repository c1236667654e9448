import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  excludeSystemEvents,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type Position,
} from '@kurrent/kurrentdb-client';
import {
  expectationHolds,
  positionFromPair,
  storeUnavailable,
  wrongExpectedRevision,
  type AppendResult,
  type EventStore,
  type EventStoreError,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllResult,
  type ReadStreamOptions,
  type StreamAppend,
  type RecordedEvent,
  type StoreUnavailable,
  type SubscribeOptions,
  type Subscription,
  type WrongExpectedRevision,
} from '@upload-sessions/event-store';
import { left, right, type Either } from 'fp-ts/Either';
import type { BackoffPolicy } from './backoff';
import { appendErrorFromClient, readStreamErrorFromClient, unavailableFromClient } from './client-error';
import {
  invalidConnectionString,
  nodesOf,
  normaliseConnectionString,
  redactConnectionString,
  scrubCredentials,
  type InvalidConnectionString,
} from './connection-string';
import { fromClientEvent, toEventData, toMultiAppendEventData } from './event-mapping';
import { planFilter } from './global-filter';
import {
  compareClientPositions,
  fromGlobalPosition,
  isKnownPosition,
  toGlobalPosition,
} from './kurrentdb-position';
import { KurrentDbSubscription } from './kurrentdb-subscription';

export interface KurrentDbEventStoreOptions {
  /** Reconnection backoff of subscriptions; defaults to 100 ms doubling to 5 s, fully jittered. */
  readonly subscriptionBackoff?: BackoffPolicy;
  /** The node(s) named in unavailability messages (`host:port`); from the connection string by default. */
  readonly node?: string;
}

/** gRPC's UNIMPLEMENTED (12): a server before KurrentDB 25.1 has no multi-stream append. */
const isUnimplemented = (error: unknown): boolean => {
  const { code, message } = (error ?? {}) as { readonly code?: unknown; readonly message?: unknown };
  return code === 12 || (typeof message === 'string' && /unimplemented/i.test(message));
};

const toStreamState = (expected: ExpectedRevision): AppendStreamState | undefined => {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return Number.isSafeInteger(expected) && expected >= 0 ? BigInt(expected) : undefined;
  }
};

const missingPosition = (what: string): StoreUnavailable =>
  storeUnavailable(
    `KurrentDB sent no position for ${what}; event positions on stream reads need server 22.6 or later`,
  );

/** An unrecognised position is a caller's mistake, but the port only lets reads fail as unavailability. */
const foreignPosition = (position: GlobalPosition): StoreUnavailable =>
  storeUnavailable(`${JSON.stringify(position)} is not a KurrentDB position (commit/prepare)`);

/** The event-store port over KurrentDB (or EventStoreDB 20+) through the official gRPC client. */
export class KurrentDbEventStore implements EventStore {
  private readonly subscriptions = new Set<KurrentDbSubscription>();
  /** Whether the server has the multi-stream append (KurrentDB 25.1+): learnt from the first attempt. */
  private multiStreamAppend: 'unknown' | 'supported' | 'unsupported' = 'unknown';

  private constructor(
    private readonly client: KurrentDBClient,
    private readonly options: KurrentDbEventStoreOptions,
  ) {}

  /**
   * Connects lazily (the first operation opens the connection). Accepts `kurrentdb://`, `kurrent://`,
   * `kdb://` and EventStoreDB's `esdb://`, each also as `+discover`, with the client's options
   * (`?tls=false`, `tlsCAFile=...`, ...) and `user:password@` credentials. Messages never show the password.
   */
  static fromConnectionString(
    connectionString: string,
    options: KurrentDbEventStoreOptions = {},
  ): Either<InvalidConnectionString, KurrentDbEventStore> {
    const normalised = normaliseConnectionString(connectionString);
    if (normalised._tag === 'Left') return normalised;
    try {
      return right(
        new KurrentDbEventStore(KurrentDBClient.connectionString(normalised.right), {
          node: nodesOf(connectionString),
          ...options,
        }),
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return left(
        invalidConnectionString(
          `Invalid KurrentDB connection string ${JSON.stringify(redactConnectionString(connectionString.trim()))}: ` +
            scrubCredentials(reason, connectionString),
        ),
      );
    }
  }

  /** Wraps a client configured elsewhere; `close()` disposes of it. */
  static fromClient(client: KurrentDBClient, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(client, options);
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<Either<WrongExpectedRevision | StoreUnavailable, AppendResult>> {
    const expected = options.expectedRevision;
    const streamState = toStreamState(expected);
    if (streamState === undefined) {
      return left(storeUnavailable(`Invalid expected revision ${JSON.stringify(expected)}`));
    }
    // The client reports an empty append's revision wrongly for a missing stream: check it ourselves.
    if (events.length === 0) return this.appendNothing(streamName, expected);
    try {
      const result = await this.client.appendToStream(streamName, events.map(toEventData), { streamState });
      if (!result.success) {
        // Only with `throwOnAppendFailure=false` in the connection string; the default throws instead.
        const actual = result.nextExpectedRevision < 0n ? 'no_stream' : Number(result.nextExpectedRevision);
        return left(wrongExpectedRevision(streamName, expected, actual));
      }
      const position = await this.positionOfAppend(streamName, events.length, result);
      return position._tag === 'Left'
        ? position
        : right({
            nextExpectedRevision: Number(result.nextExpectedRevision),
            position: toGlobalPosition(position.right),
          });
    } catch (error) {
      return left(appendErrorFromClient(error, streamName, expected, this.options.node));
    }
  }

  /**
   * One atomic round trip through the client's `multiStreamAppend` where the server has it (KurrentDB
   * 25.1+; metadata goes as flat strings, see toMultiAppendEventData), then one more, concurrent, read
   * per stream for its events' global positions (the answer gives one position for the whole write).
   * On an older server (the call is unimplemented; remembered), or with a part that appends nothing,
   * the parts are appended one after the other in the order given, stopping at the first refused:
   * not atomic then (earlier parts stay written).
   */
  async appendToStreams(
    appends: readonly StreamAppend[],
  ): Promise<Either<WrongExpectedRevision | StoreUnavailable, readonly AppendResult[]>> {
    if (new Set(appends.map((a) => a.streamName)).size !== appends.length)
      return left(storeUnavailable('A multi-stream append names a stream twice'));
    if (this.multiStreamAppend !== 'unsupported' && appends.every((a) => a.events.length > 0)) {
      const atomic = await this.appendAtomically(appends);
      if (atomic !== 'unsupported') return atomic;
    }
    const results: AppendResult[] = [];
    for (const append of appends) {
      const result = await this.appendToStream(append.streamName, append.events, {
        expectedRevision: append.expectedRevision,
      });
      if (result._tag === 'Left') return result;
      results.push(result.right);
    }
    return right(results);
  }

  private async appendAtomically(
    appends: readonly StreamAppend[],
  ): Promise<Either<WrongExpectedRevision | StoreUnavailable, readonly AppendResult[]> | 'unsupported'> {
    const requests = [];
    for (const append of appends) {
      const expectedState = toStreamState(append.expectedRevision);
      if (expectedState === undefined)
        return left(storeUnavailable(`Invalid expected revision ${JSON.stringify(append.expectedRevision)}`));
      requests.push({
        streamName: append.streamName,
        expectedState,
        events: append.events.map(toMultiAppendEventData),
      });
    }
    let revisions: Map<string, bigint>;
    try {
      const result = await this.client.multiStreamAppend(requests);
      this.multiStreamAppend = 'supported';
      revisions = new Map(result.responses.map((r) => [r.streamName, r.revision]));
    } catch (error) {
      if (this.multiStreamAppend === 'unknown' && isUnimplemented(error)) {
        this.multiStreamAppend = 'unsupported';
        return 'unsupported';
      }
      const streamName = (error as { readonly streamName?: unknown }).streamName;
      const refused = appends.find((a) => a.streamName === streamName) ?? appends[0];
      return left(
        appendErrorFromClient(
          error,
          refused?.streamName ?? '',
          refused?.expectedRevision ?? 'any',
          this.options.node,
        ),
      );
    }
    const positions = await Promise.all(
      appends.map(async (append) => {
        const revision = revisions.get(append.streamName);
        if (revision === undefined)
          return left(storeUnavailable(`KurrentDB answered no revision for ${append.streamName}`));
        // Always read: the write's one position is not each stream's last event's.
        const position = await this.positionOfAppend(append.streamName, Number.POSITIVE_INFINITY, {
          nextExpectedRevision: revision,
        });
        return position._tag === 'Left'
          ? position
          : right({ nextExpectedRevision: Number(revision), position: toGlobalPosition(position.right) });
      }),
    );
    const failed = positions.find((p) => p._tag === 'Left');
    if (failed !== undefined && failed._tag === 'Left') return failed;
    return right(positions.flatMap((p) => (p._tag === 'Right' ? [p.right] : [])));
  }

  async readStream(
    streamName: string,
    options: ReadStreamOptions = {},
  ): Promise<Either<EventStoreError, readonly RecordedEvent[]>> {
    const direction = options.direction === 'backwards' ? BACKWARDS : FORWARDS;
    const fromRevision =
      options.fromRevision !== undefined
        ? BigInt(options.fromRevision)
        : direction === BACKWARDS
          ? END
          : START;
    try {
      const events: RecordedEvent[] = [];
      const reading = this.client.readStream(streamName, {
        direction,
        fromRevision,
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      });
      for await (const resolved of reading) {
        if (resolved.event === undefined) continue;
        const event = fromClientEvent(resolved.event);
        if (event === undefined) return left(missingPosition(`an event of ${streamName}`));
        events.push(event);
      }
      return right(events);
    } catch (error) {
      return left(readStreamErrorFromClient(error, streamName, this.options.node));
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<Either<StoreUnavailable, ReadAllResult>> {
    const after = options.after === undefined ? undefined : fromGlobalPosition(options.after);
    if (options.after !== undefined && after === undefined) return left(foreignPosition(options.after));
    const plan = planFilter(options.filter);
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    // Reads from a position include the event at it (subscriptions do not), and events we filter
    // here still count against the server's page: page until the count is met or the log ends.
    let cursor = after;
    try {
      while (events.length < maxCount) {
        const want = maxCount - events.length + (cursor === undefined ? 0 : 1);
        const page: AllStreamResolvedEvent[] = [];
        for await (const resolved of this.client.readAll({
          direction: FORWARDS,
          fromPosition: cursor ?? START,
          filter: plan.server,
          ...(Number.isFinite(want) ? { maxCount: want } : {}),
        })) {
          page.push(resolved);
        }
        for (const { event: recorded } of page) {
          if (recorded === undefined) continue;
          if (cursor !== undefined && compareClientPositions(recorded.position, cursor) <= 0) continue;
          cursor = recorded.position;
          if (!plan.accepts(recorded) || events.length >= maxCount) continue;
          const event = fromClientEvent(recorded);
          if (event !== undefined) events.push(event);
        }
        if (!(page.length >= want)) break;
      }
      return right({ events, isEnd: events.length < maxCount });
    } catch (error) {
      return left(unavailableFromClient(error, this.options.node));
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const plan = planFilter(options.filter);
    const after = options.after === undefined ? undefined : fromGlobalPosition(options.after);
    const subscription = new KurrentDbSubscription(after, {
      open: (from) => this.client.subscribeToAll({ fromPosition: from ?? START, filter: plan.server }),
      accepts: plan.accepts,
      ...(this.options.subscriptionBackoff ? { backoff: this.options.subscriptionBackoff } : {}),
      onEnd: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    // A position from another adapter cannot be resumed from: the subscription ends at once.
    if (options.after !== undefined && after === undefined) void subscription.close();
    return subscription;
  }

  async headPosition(): Promise<Either<StoreUnavailable, GlobalPosition | undefined>> {
    try {
      for await (const { event } of this.client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: 1,
        filter: excludeSystemEvents(),
      })) {
        if (event !== undefined) return right(toGlobalPosition(event.position));
      }
      return right(undefined);
    } catch (error) {
      return left(unavailableFromClient(error, this.options.node));
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  /**
   * The global position of the last event of an append. A single written event's is the one the
   * server reports. Otherwise we read it back: a batch's reported position is its commit, which is not
   * always the last event's, and an idempotent retry (same ids at the same place) reports none at all.
   */
  private async positionOfAppend(
    streamName: string,
    count: number,
    result: { readonly nextExpectedRevision: bigint; readonly position?: Position },
  ): Promise<Either<StoreUnavailable, Position>> {
    const reported = isKnownPosition(result.position) ? result.position : undefined;
    if (count === 1 && reported !== undefined) return right(reported);
    try {
      for await (const { event } of this.client.readStream(streamName, {
        fromRevision: result.nextExpectedRevision,
        maxCount: 1,
      })) {
        if (isKnownPosition(event?.position)) return right(event.position);
      }
    } catch (error) {
      // The append did succeed; fall back to what the server said about it, if anything.
      if (reported === undefined) return left(unavailableFromClient(error, this.options.node));
    }
    return reported !== undefined
      ? right(reported)
      : left(missingPosition(`revision ${result.nextExpectedRevision} of ${streamName}`));
  }

  /** An append of no events: only the expectation is checked, against the stream's last event. */
  private async appendNothing(
    streamName: string,
    expected: ExpectedRevision,
  ): Promise<Either<WrongExpectedRevision | StoreUnavailable, AppendResult>> {
    const last = await this.readStream(streamName, { direction: 'backwards', maxCount: 1 });
    if (last._tag === 'Left' && last.left._tag === 'StoreUnavailable') return left(last.left);
    const lastEvent = last._tag === 'Right' ? last.right[0] : undefined;
    const current = lastEvent?.revision ?? -1;
    if (!expectationHolds(expected, current)) {
      return left(wrongExpectedRevision(streamName, expected, current === -1 ? 'no_stream' : current));
    }
    return right({
      nextExpectedRevision: current,
      position: lastEvent?.position ?? positionFromPair(0n, 0n),
    });
  }
}
