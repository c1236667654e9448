/// <reference types="jest" />
import type { EventStore, SubscriptionMessage } from '../event-store';
import { eventIds, newEvent, newEvents, SubscriptionReader, unique, unwrap } from './contract-fixtures';

const caughtUpMarks = (messages: readonly SubscriptionMessage[]) =>
  messages.filter((m) => m.kind === 'caught-up');

/** Catch-up subscriptions to the global log: history, the caught-up mark, live events, filters, close. */
export const subscriptionContract = (store: () => EventStore, timeoutMs: number): void => {
  describe('subscribeToAll', () => {
    it(
      'delivers history from the start, a caught-up mark, then live events',
      async () => {
        const prefix = unique('sub-start');
        const history = newEvents(3);
        unwrap(await store().appendToStream(`${prefix}-a`, history, { expectedRevision: 'no_stream' }));
        const reader = new SubscriptionReader(
          store().subscribeToAll({ filter: { streamPrefixes: [prefix] } }),
        );
        try {
          const untilCaughtUp = await reader.untilCaughtUp();
          expect(eventIds(untilCaughtUp)).toEqual(history.map((e) => e.id));
          expect(caughtUpMarks(untilCaughtUp)).toHaveLength(1);
          const lastHistory = untilCaughtUp.at(-2);
          const mark = untilCaughtUp.at(-1);
          if (mark?.kind === 'caught-up' && mark.position !== undefined && lastHistory?.kind === 'event') {
            expect(mark.position >= lastHistory.event.position).toBe(true);
          }

          const live = [newEvent('Live'), newEvent('Live')];
          unwrap(await store().appendToStream(`${prefix}-b`, [live[0]!], { expectedRevision: 'no_stream' }));
          unwrap(await store().appendToStream(`${prefix}-a`, [live[1]!], { expectedRevision: 2 }));
          const delivered = await reader.events(2);
          expect(eventIds(delivered)).toEqual(live.map((e) => e.id));
          expect(delivered.map((m) => (m.kind === 'event' ? m.event.streamName : ''))).toEqual([
            `${prefix}-b`,
            `${prefix}-a`,
          ]);
        } finally {
          await reader.subscription.close();
        }
      },
      timeoutMs,
    );

    it(
      'gives every field of an event alike, whether read from its stream, the global log, or a subscription',
      async () => {
        const prefix = unique('sub-same');
        const before = unwrap(await store().headPosition());
        const filter = { streamPrefixes: [prefix] };
        const live = new SubscriptionReader(store().subscribeToAll({ after: before, filter }));
        try {
          await live.untilCaughtUp();
          const written = [
            newEvent('Same', { n: 1, nested: { list: [1, 'two', null] } }, { correlationId: 'c-1' }),
            newEvent('Same', { n: 2 }, { causationId: 'c-2', actor: { id: 'a', kind: 'user' } }),
          ];
          unwrap(await store().appendToStream(`${prefix}-a`, written, { expectedRevision: 'no_stream' }));
          // Across a second boundary at least once, so a store that cuts or rounds times on one path shows it.
          await new Promise((resolve) => setTimeout(resolve, 1_100 - (Date.now() % 1_000)));
          const later = newEvent('Same', { n: 3 });
          unwrap(await store().appendToStream(`${prefix}-a`, [later], { expectedRevision: 1 }));

          const delivered = (await live.events(3)).flatMap((m) => (m.kind === 'event' ? [m.event] : []));
          const history = new SubscriptionReader(store().subscribeToAll({ after: before, filter }));
          const caughtUp = await history.untilCaughtUp().finally(() => history.subscription.close());
          const replayed = caughtUp.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
          const fromStream = unwrap(await store().readStream(`${prefix}-a`));
          const fromLog = unwrap(await store().readAll({ after: before, filter })).events;

          expect(fromStream.map((e) => e.id)).toEqual([...written, later].map((e) => e.id));
          expect(fromLog).toEqual(fromStream);
          expect(delivered).toEqual(fromStream);
          expect(replayed).toEqual(fromStream);
          for (const event of fromStream) expect(Date.parse(event.recordedAt)).not.toBeNaN();
        } finally {
          await live.subscription.close();
        }
      },
      timeoutMs,
    );

    it(
      'starts after a given position',
      async () => {
        const prefix = unique('sub-after');
        const events = newEvents(5);
        unwrap(await store().appendToStream(`${prefix}-a`, events, { expectedRevision: 'no_stream' }));
        const second = unwrap(await store().readStream(`${prefix}-a`))[1]!;
        const reader = new SubscriptionReader(
          store().subscribeToAll({ after: second.position, filter: { streamPrefixes: [prefix] } }),
        );
        try {
          expect(eventIds(await reader.untilCaughtUp())).toEqual(events.slice(2).map((e) => e.id));
        } finally {
          await reader.subscription.close();
        }
      },
      timeoutMs,
    );

    it(
      'delivers only events that match its filter, in history and live',
      async () => {
        const prefix = unique('sub-filter');
        const wanted = `${prefix}-Wanted`;
        const before = unwrap(await store().headPosition());
        const history = [newEvent(wanted), newEvent(`${prefix}-Other`), newEvent(wanted)];
        unwrap(await store().appendToStream(`${prefix}-a`, history, { expectedRevision: 'no_stream' }));
        const reader = new SubscriptionReader(
          store().subscribeToAll({ after: before, filter: { eventTypes: [wanted] } }),
        );
        try {
          expect(eventIds(await reader.untilCaughtUp())).toEqual([history[0]!.id, history[2]!.id]);
          const live = [newEvent(`${prefix}-Other`), newEvent(wanted)];
          unwrap(await store().appendToStream(`${prefix}-b`, live, { expectedRevision: 'no_stream' }));
          expect(eventIds(await reader.events(1))).toEqual([live[1]!.id]);
        } finally {
          await reader.subscription.close();
        }
      },
      timeoutMs,
    );

    it(
      'ends iteration on close(), including a next() that is waiting',
      async () => {
        const prefix = unique('sub-close');
        unwrap(await store().appendToStream(`${prefix}-a`, [newEvent()], { expectedRevision: 'no_stream' }));
        const reader = new SubscriptionReader(
          store().subscribeToAll({ filter: { streamPrefixes: [prefix] } }),
        );
        await reader.untilCaughtUp();
        const waiting = reader.next();
        await reader.subscription.close();
        expect(await waiting).toEqual({ done: true, value: undefined });
        expect((await reader.next()).done).toBe(true);

        // A for-await loop over a subscription closed from elsewhere also ends.
        const subscription = store().subscribeToAll({ filter: { streamPrefixes: [prefix] } });
        const seen: string[] = [];
        const loop = (async () => {
          for await (const message of subscription) {
            seen.push(message.kind);
            if (message.kind === 'caught-up') void subscription.close();
          }
        })();
        await loop;
        expect(seen).toEqual(['event', 'caught-up']);
      },
      timeoutMs,
    );
  });
};
