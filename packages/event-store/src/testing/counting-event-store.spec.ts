import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '../in-memory-event-store';
import { CountingEventStore } from './counting-event-store';

const event = () => ({ id: randomUUID(), type: 'Counted', data: {}, metadata: {} });

describe('CountingEventStore', () => {
  it('counts each call per method, and concurrent calls as one round trip', async () => {
    const store = new CountingEventStore(new InMemoryEventStore());
    await store.appendToStream('s-1', [event()], { expectedRevision: 'no_stream' });
    await Promise.all([store.readStream('s-1'), store.readStream('s-2'), store.headPosition()]);
    await store.appendToStreams([{ streamName: 's-3', events: [event()], expectedRevision: 'no_stream' }]);
    expect(store.counts()).toMatchObject({
      appendToStream: 1,
      appendToStreams: 1,
      readStream: 2,
      headPosition: 1,
    });
    expect(store.totals()).toEqual({ appends: 2, reads: 3, all: 5, roundTrips: 3 });
    store.reset();
    expect(store.totals().all).toBe(0);
  });

  it('makes each call wait the given latency first', async () => {
    const store = new CountingEventStore(new InMemoryEventStore(), { latencyMs: 20 });
    const started = performance.now();
    await store.readStream('s-1');
    await store.appendToStream('s-1', [event()], { expectedRevision: 'no_stream' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(38);
  });
});
