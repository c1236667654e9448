import { isLeft, type Either } from 'fp-ts/Either';
import type { CommitSignal } from './commit-signal';
import type { StoreUnavailable } from './event-store-error';
import type {
  GlobalFilter,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionMessage,
} from './event-store';
import type { GlobalPosition } from './global-position';

/** One page of the global log as an embedded store reads it for a subscription. */
export interface SubscriptionPage {
  /** Matching events after the cursor, in log order. */
  readonly events: readonly RecordedEvent[];
  /** True when the page reached the end of the log as of the read. */
  readonly isEnd: boolean;
  /**
   * The last position the read looked at, matching or not, so that a filtered subscription skips
   * non-matching events once instead of re-reading them after every commit. Undefined: empty log.
   */
  readonly scannedTo: GlobalPosition | undefined;
}

export type ReadSubscriptionPage = (
  after: GlobalPosition | undefined,
  maxCount: number,
  filter: GlobalFilter | undefined,
) => Promise<Either<StoreUnavailable, SubscriptionPage>>;

export interface CatchUpSubscriptionSettings {
  readonly pageSize?: number;
  /** Wait before retrying a read that failed with StoreUnavailable (the subscription survives outages). */
  readonly retryAfterMs?: number;
}

const maxPosition = (
  a: GlobalPosition | undefined,
  b: GlobalPosition | undefined,
): GlobalPosition | undefined => (a === undefined ? b : b === undefined ? a : a < b ? b : a);

/**
 * A catch-up subscription for stores that can read pages of their own log: history and live events go
 * through the same paged read; after reaching the end it sleeps on the commit signal, not on a timer.
 * It emits `caught-up` when it first reaches the end, and again whenever it reaches the end after
 * delivering events. It ends when closed or when the signal closes (the store closed).
 */
export const catchUpSubscription = (
  readPage: ReadSubscriptionPage,
  signal: CommitSignal,
  options: SubscribeOptions = {},
  settings: CatchUpSubscriptionSettings = {},
): Subscription => {
  const pageSize = settings.pageSize ?? 256;
  const retryAfterMs = settings.retryAfterMs ?? 1000;
  const buffer: SubscriptionMessage[] = [];
  let cursor = options.after;
  let owesCaughtUp = true;
  let closed = false;
  // One pull at a time, so that concurrent next() calls receive messages in order.
  let queue: Promise<unknown> = Promise.resolve();
  let cancelWait: () => void = () => {};
  const wait = async (seen: number, timeoutMs?: number): Promise<void> => {
    const waiting = signal.waitForChange(seen, timeoutMs);
    cancelWait = waiting.cancel;
    await waiting.changed;
  };

  const done = (): IteratorResult<SubscriptionMessage> => ({ done: true, value: undefined });

  const pull = async (): Promise<IteratorResult<SubscriptionMessage>> => {
    while (!closed && !signal.closed) {
      const next = buffer.shift();
      if (next !== undefined) return { done: false, value: next };
      const seen = signal.version;
      const page = await readPage(cursor, pageSize, options.filter);
      if (closed || signal.closed) break;
      if (isLeft(page)) {
        await wait(signal.version, retryAfterMs);
        continue;
      }
      for (const event of page.right.events) {
        buffer.push({ kind: 'event', event });
        cursor = event.position;
        owesCaughtUp = true;
      }
      cursor = maxPosition(cursor, page.right.scannedTo);
      if (page.right.isEnd) {
        if (owesCaughtUp) {
          buffer.push({ kind: 'caught-up', position: cursor });
          owesCaughtUp = false;
        } else if (buffer.length === 0) {
          await wait(seen);
        }
      }
    }
    return done();
  };

  const iterator: AsyncIterator<SubscriptionMessage> = {
    next: () => {
      const result = queue.then(pull, pull);
      queue = result;
      return result;
    },
    return: async () => {
      await subscription.close();
      return done();
    },
  };

  const subscription: Subscription = {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      closed = true;
      buffer.length = 0;
      cancelWait();
    },
  };
  return subscription;
};
