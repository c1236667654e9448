/// <reference types="jest" />
import { randomUUID } from 'node:crypto';
import { isLeft, type Either } from 'fp-ts/Either';
import type { EventStore, JsonObject, NewEvent, Subscription, SubscriptionMessage } from '../event-store';

/** What an adapter's test hands the contract suite: a store, and how to dispose of it after each test. */
export interface EventStoreFixture {
  readonly store: EventStore;
  teardown(): Promise<void>;
}

export type MakeEventStore = () => Promise<EventStoreFixture>;

/** A name no other test (or earlier run against a shared server) has used. */
export const unique = (label: string): string => `contract-${label}-${randomUUID().replaceAll('-', '')}`;

/** Event ids are UUIDs, which every adapter accepts (KurrentDB requires them). */
export const newEvent = (
  type = 'ContractChecked',
  data: JsonObject = {},
  metadata: JsonObject = {},
): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata,
});

export const newEvents = (count: number, type?: string): NewEvent[] =>
  Array.from({ length: count }, (_, i) => newEvent(type, { n: i }));

export const unwrap = <E, A>(result: Either<E, A>): A => {
  if (isLeft(result)) throw new Error(`Expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

export const unwrapLeft = <E, A>(result: Either<E, A>): E => {
  if (!isLeft(result))
    throw new Error(`Expected an error, got ${JSON.stringify(result.right).slice(0, 300)}`);
  return result.left;
};

/** Positions must be strictly increasing in plain string order (the port's encoding promise). */
export const expectStrictlyIncreasing = (positions: readonly string[]): void => {
  positions.slice(1).forEach((position, i) => expect(position > (positions[i] as string)).toBe(true));
};

/** Reads a subscription with a deadline, so a missing message fails the test instead of hanging it. */
export class SubscriptionReader {
  private readonly iterator: AsyncIterator<SubscriptionMessage>;

  constructor(
    readonly subscription: Subscription,
    private readonly timeoutMs = 10_000,
  ) {
    this.iterator = subscription[Symbol.asyncIterator]();
  }

  async next(): Promise<IteratorResult<SubscriptionMessage>> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`No subscription message within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([this.iterator.next(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Messages up to and including the next `caught-up` mark. */
  async untilCaughtUp(): Promise<SubscriptionMessage[]> {
    const messages: SubscriptionMessage[] = [];
    for (;;) {
      const result = await this.next();
      if (result.done === true) throw new Error('Subscription ended before catching up');
      messages.push(result.value);
      if (result.value.kind === 'caught-up') return messages;
    }
  }

  /** The next `count` events, skipping `caught-up` marks. */
  async events(count: number): Promise<SubscriptionMessage[]> {
    const events: SubscriptionMessage[] = [];
    while (events.length < count) {
      const result = await this.next();
      if (result.done === true)
        throw new Error(`Subscription ended after ${events.length} of ${count} events`);
      if (result.value.kind === 'event') events.push(result.value);
    }
    return events;
  }
}

export const eventIds = (messages: readonly SubscriptionMessage[]): string[] =>
  messages.flatMap((m) => (m.kind === 'event' ? [m.event.id] : []));
