import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  CaughtUp,
  Position,
} from '@kurrent/kurrentdb-client';
import type { GlobalPosition, Subscription, SubscriptionMessage } from '@upload-sessions/event-store';
import { setTimeout as delay } from 'node:timers/promises';
import { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff';
import { fromClientEvent } from './event-mapping';
import type { FilterPlan } from './global-filter';
import { compareClientPositions, isKnownPosition, toGlobalPosition } from './kurrentdb-position';

export interface SubscriptionSettings {
  /** Opens a catch-up subscription to `$all` after `from` (exclusive), or from the start. */
  readonly open: (from: Position | undefined) => AllStreamSubscription;
  readonly accepts: FilterPlan['accepts'];
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  /** Called once when the subscription ends, however it ends. */
  readonly onEnd?: () => void;
}

/** Our mark in the client's stream of events; see `watchCaughtUp`. */
const CAUGHT_UP = Symbol('caught-up');
type CaughtUpMark = { readonly [CAUGHT_UP]: true; readonly position: Position | undefined };
type Item = AllStreamResolvedEvent | CaughtUpMark;
const isCaughtUpMark = (item: Item): item is CaughtUpMark => CAUGHT_UP in item;

const noop = (): void => undefined;

/**
 * The client reports "caught up" as an event emitter callback, outside the readable stream of events,
 * so a consumer could see it before events that are still buffered. The client fires it from its
 * transform step, right after pushing every event that precedes it; pushing a mark into the same
 * readable at that moment keeps the mark in log order.
 */
const watchCaughtUp = (source: AllStreamSubscription): void => {
  source.on('caughtUp', (info: CaughtUp) => {
    const mark: CaughtUpMark = { [CAUGHT_UP]: true, position: info.position };
    if (!source.destroyed && !source.readableEnded) source.push(mark);
  });
};

/**
 * A catch-up subscription to `$all` that survives dropped connections: it resubscribes after the last
 * position it handed out (never one it has not delivered), waiting a capped, fully jittered
 * exponential backoff between attempts. `close()` ends it, including a pending `next()`.
 */
export class KurrentDbSubscription implements Subscription {
  private closed = false;
  private readonly stop = new AbortController();
  private current: AllStreamSubscription | undefined;
  private lastDelivered: Position | undefined;
  private iterator: AsyncGenerator<SubscriptionMessage> | undefined;
  private ended = false;

  constructor(
    after: Position | undefined,
    private readonly settings: SubscriptionSettings,
  ) {
    this.lastDelivered = after;
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    this.iterator ??= this.run();
    return this.iterator;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stop.abort();
    this.release(this.current);
    this.end();
  }

  private async *run(): AsyncGenerator<SubscriptionMessage> {
    const random = this.settings.random ?? Math.random;
    const policy = this.settings.backoff ?? defaultBackoff;
    let attempt = 0;
    try {
      while (!this.closed) {
        let source: AllStreamSubscription | undefined;
        try {
          source = this.openSource();
          for await (const item of source as AsyncIterable<Item>) {
            attempt = 0;
            const message = this.toMessage(item);
            if (message !== undefined) yield message;
            if (this.closed) return;
          }
        } catch {
          // A dropped connection, a server restart, a leader change, a refused request: all end in a
          // resubscription after the backoff.
        } finally {
          this.release(source);
        }
        if (this.closed) return;
        await delay(backoffDelay(attempt, random, policy), undefined, { signal: this.stop.signal }).catch(
          noop,
        );
        attempt += 1;
      }
    } finally {
      this.closed = true;
      this.end();
    }
  }

  private openSource(): AllStreamSubscription {
    const source = this.settings.open(this.lastDelivered);
    // The client emits late errors on the readable (e.g. after we destroyed it); unheard, they would crash the process.
    source.on('error', noop);
    watchCaughtUp(source);
    this.current = source;
    return source;
  }

  private toMessage(item: Item): SubscriptionMessage | undefined {
    if (isCaughtUpMark(item)) return { kind: 'caught-up', position: this.caughtUpPosition(item) };
    const recorded = item.event;
    if (recorded === undefined || !this.settings.accepts(recorded)) return undefined;
    // Subscriptions start after their position; this guard keeps a resubscription from repeating an event.
    if (this.lastDelivered && compareClientPositions(recorded.position, this.lastDelivered) <= 0)
      return undefined;
    const event = fromClientEvent(recorded);
    if (event === undefined) return undefined;
    this.lastDelivered = recorded.position;
    return { kind: 'event', event };
  }

  /**
   * Where the mark says the subscription stands: the server's own position when it sends one (23.10+;
   * it also covers events the filter skipped), never less than the last event handed out. Resumption
   * still starts after the last event handed out: the mark is for the consumer, not our bookkeeping.
   */
  private caughtUpPosition(mark: CaughtUpMark): GlobalPosition | undefined {
    const reported = isKnownPosition(mark.position) ? mark.position : undefined;
    const last = this.lastDelivered;
    const furthest =
      reported === undefined
        ? last
        : last === undefined || compareClientPositions(reported, last) > 0
          ? reported
          : last;
    return furthest && toGlobalPosition(furthest);
  }

  private release(source: AllStreamSubscription | undefined): void {
    if (source === undefined) return;
    if (this.current === source) this.current = undefined;
    source.destroy();
    source.unsubscribe().catch(noop);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.settings.onEnd?.();
  }

  /** For tests and diagnostics: where a resubscription would start. */
  get resumePosition(): GlobalPosition | undefined {
    return this.lastDelivered && toGlobalPosition(this.lastDelivered);
  }
}
