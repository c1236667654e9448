import * as E from 'fp-ts/Either';
import { InMemoryEventStore, type NewEvent, type RecordedEvent } from '@upload-sessions/event-store';
import { InMemoryCheckpointStore } from './checkpoint-store';
import { Reactor, recordedAsIs, type ReactorRetry } from './reactor';

const event = (type: string): NewEvent => ({ id: crypto.randomUUID(), type, data: {}, metadata: {} });

describe('Reactor', () => {
  const setup = (
    handle: (recorded: RecordedEvent) => Promise<void>,
    checkpoints = new InMemoryCheckpointStore(),
  ) => {
    const store = new InMemoryEventStore();
    const retries: ReactorRetry[] = [];
    const make = () =>
      new Reactor({
        id: 'clean-up',
        store,
        filter: { eventTypes: ['Ended'] },
        decode: recordedAsIs,
        handle: (_event, recorded) => handle(recorded),
        database: checkpoints,
        checkpoints,
        retryFirstMs: 5,
        retryMaxMs: 20,
        onRetry: (retry) => retries.push(retry),
      });
    return { store, checkpoints, retries, make };
  };

  it('handles each event until it succeeds (backoff doubling to the cap), and moves the checkpoint after', async () => {
    let failures = 4;
    const done: string[] = [];
    const { store, checkpoints, retries, make } = setup(async (recorded) => {
      if (failures-- > 0) throw new Error('EBUSY');
      done.push(recorded.streamName);
    });
    await store.appendToStream('s-1', [event('Started'), event('Ended')], { expectedRevision: 'no_stream' });
    await store.appendToStream('s-2', [event('Ended')], { expectedRevision: 'no_stream' });
    const reactor = make();
    reactor.start();
    await reactor.caughtUp();
    expect(done).toEqual(['s-1', 's-2']);
    expect(retries.map((r) => r.retryInMs)).toEqual([5, 10, 20, 20]);
    expect(checkpoints.read('clean-up')?.events).toBe(2);
    expect(reactor.position).toBe(checkpoints.read('clean-up')?.position);
    await reactor.stop();

    // A new instance on the same checkpoint handles only what came after it, then live events.
    await store.appendToStream('s-3', [event('Ended')], { expectedRevision: 'no_stream' });
    const again = make();
    again.start();
    await again.caughtUp();
    expect(done).toEqual(['s-1', 's-2', 's-3']);
    await store.appendToStream('s-4', [event('Ended')], { expectedRevision: 'no_stream' });
    for (let i = 0; i < 200 && done.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
    expect(done).toEqual(['s-1', 's-2', 's-3', 's-4']);
    await again.stop();
    expect(checkpoints.read('clean-up')?.events).toBe(4);
  });

  it('writes the checkpoint once per page handled, and never moves it back', async () => {
    const checkpoints = new InMemoryCheckpointStore();
    const { store, make } = setup(() => Promise.resolve(), checkpoints);
    for (const id of ['a', 'b', 'c'])
      await store.appendToStream(`s-${id}`, [event('Ended')], { expectedRevision: 'no_stream' });
    const transactions = jest.spyOn(checkpoints, 'transaction');
    const reactor = make();
    reactor.start();
    await reactor.caughtUp();
    await reactor.stop();
    expect(transactions).toHaveBeenCalledTimes(1);
    const reached = checkpoints.read('clean-up');
    expect(reached?.events).toBe(3);
    checkpoints.write({ name: 'clean-up', version: 1, position: '99999999999999999999' as never, events: 3 });
    const later = make();
    later.start();
    await later.caughtUp();
    await later.stop();
    expect(checkpoints.read('clean-up')?.position).toBe('99999999999999999999');
  });

  it('does not move the checkpoint past an event whose handler never succeeded (stopped while retrying)', async () => {
    const { store, checkpoints, retries, make } = setup(() => Promise.reject(new Error('EBUSY')));
    await store.appendToStream('s-1', [event('Ended')], { expectedRevision: 'no_stream' });
    const reactor = make();
    reactor.start();
    for (let i = 0; i < 200 && retries.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    await reactor.stop();
    expect(checkpoints.read('clean-up')).toBeUndefined();
  });

  it('decodes through the codec and fails the batch on an event it cannot read (after checkpointing those before)', async () => {
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    const handled: string[] = [];
    const log: string[] = [];
    const reactor = new Reactor({
      id: 'typed',
      store,
      filter: {},
      decode: (r) =>
        r.type === 'Good' ? E.right({ kind: 'good' as const, stream: r.streamName }) : E.left('unknown'),
      handle: async (e) => {
        handled.push(e.stream);
      },
      database: checkpoints,
      checkpoints,
      retryFirstMs: 5,
      log: (level, message) => log.push(`${level}: ${message}`),
    });
    await store.appendToStream('s-1', [event('Good'), event('Bad')], { expectedRevision: 'no_stream' });
    reactor.start();
    for (let i = 0; i < 200 && log.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await reactor.stop();
    expect(handled[0]).toBe('s-1');
    expect(log[0]).toBe('warn: typed interrupted; resuming from its checkpoint');
    expect(checkpoints.read('typed')?.events).toBe(1);
  });
});
