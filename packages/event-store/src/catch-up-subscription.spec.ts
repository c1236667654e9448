import { left, right } from 'fp-ts/Either';
import { catchUpSubscription, type ReadSubscriptionPage } from './catch-up-subscription';
import { CommitSignal } from './commit-signal';
import { storeUnavailable } from './event-store-error';
import { positionFromNumber } from './global-position';

const event = (n: number) => ({
  id: `e${n}`,
  type: 'T',
  data: {},
  metadata: {},
  streamName: 's',
  revision: n - 1,
  position: positionFromNumber(n),
  recordedAt: new Date(0).toISOString(),
});

describe('catchUpSubscription', () => {
  it('retries a page read that failed with StoreUnavailable instead of ending', async () => {
    let calls = 0;
    const readPage: ReadSubscriptionPage = async () => {
      calls += 1;
      return calls === 1
        ? left(storeUnavailable('disk busy'))
        : right({ events: [event(1)], isEnd: true, scannedTo: positionFromNumber(1) });
    };
    const subscription = catchUpSubscription(readPage, new CommitSignal(), {}, { retryAfterMs: 10 });
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ kind: 'event', event: { id: 'e1' } });
    expect((await iterator.next()).value).toEqual({ kind: 'caught-up', position: positionFromNumber(1) });
    expect(calls).toBe(2);
    await subscription.close();
  });

  it('skips past non-matching events it has scanned, and ends when the signal closes', async () => {
    const afters: Array<string | undefined> = [];
    const readPage: ReadSubscriptionPage = async (after) => {
      afters.push(after);
      return right({ events: [], isEnd: true, scannedTo: positionFromNumber(afters.length * 10) });
    };
    const signal = new CommitSignal();
    const iterator = catchUpSubscription(readPage, signal)[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ kind: 'caught-up', position: positionFromNumber(10) });
    const waiting = iterator.next();
    signal.notify();
    await new Promise((resolve) => setImmediate(resolve));
    signal.close();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(afters).toEqual([undefined, positionFromNumber(10)]);
  });
});
