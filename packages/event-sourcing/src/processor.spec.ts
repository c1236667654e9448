import {
  InMemoryEventStore,
  type GlobalPosition,
  type NewEvent,
  type RecordedEvent,
} from '@upload-sessions/event-store';
import { Processor, type BatchHandler } from './processor';

const event = (type: string): NewEvent => ({ id: crypto.randomUUID(), type, data: {}, metadata: {} });
const waitUntil = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
};

describe('Processor', () => {
  const setup = (handleBatch: BatchHandler, resumeFrom: () => GlobalPosition | null = () => null) => {
    const store = new InMemoryEventStore();
    const log: string[] = [];
    const processor = new Processor({
      id: 'test',
      store,
      filter: { streamPrefixes: ['a-'] },
      resumeFrom,
      handleBatch,
      batchSize: 2,
      retryDelayMs: 5,
      log: (level, message) => log.push(`${level}: ${message}`),
    });
    return { store, processor, log };
  };

  it('hands over the filtered history in batches of at most batchSize, a caught-up mark, then live events', async () => {
    const batches: [string[], GlobalPosition | undefined][] = [];
    const { store, processor } = setup((events, upTo) => {
      batches.push([events.map((e) => e.type), upTo]);
      return undefined;
    });
    await store.appendToStream('a-1', [event('A1'), event('A2'), event('A3')], {
      expectedRevision: 'no_stream',
    });
    await store.appendToStream('b-1', [event('B1')], { expectedRevision: 'no_stream' });
    processor.start();
    await processor.caughtUp();
    expect(processor.status.state).toBe('live');
    expect(batches.map(([types]) => types)).toEqual([['A1', 'A2'], ['A3']]);
    // The caught-up mark came with the last batch.
    expect(batches.at(-1)?.[1]).toBeDefined();
    await store.appendToStream('a-1', [event('A4')], { expectedRevision: 2 });
    await waitUntil(() => batches.some(([types]) => types.includes('A4')));
    await processor.stop();
    expect(processor.status.state).toBe('stopped');
  });

  it('resubscribes from where it resumes after a failing batch, and logs the failure', async () => {
    let committed: GlobalPosition | null = null;
    let failures = 1;
    const seen: string[] = [];
    const { store, processor, log } = setup(
      (events: readonly RecordedEvent[], upTo) => {
        if (events.length > 0 && failures-- > 0) throw new Error('database is locked');
        seen.push(...events.map((e) => e.type));
        committed = upTo ?? events.at(-1)?.position ?? committed;
        return undefined;
      },
      () => committed,
    );
    await store.appendToStream('a-1', [event('A1')], { expectedRevision: 'no_stream' });
    processor.start();
    await processor.caughtUp();
    expect(seen).toEqual(['A1']);
    expect(log).toContain('error: test failed; resubscribing');
    await processor.stop();
  });

  it('holds batches while paused and wakes a sleeping handler when stopped', async () => {
    const seen: string[] = [];
    const { store, processor } = setup(async (events, _upTo, control) => {
      seen.push(...events.map((e) => e.type));
      if (events.some((e) => e.type === 'Slow')) {
        await control.sleep(60_000);
        expect(control.stopping).toBe(true);
      }
      return undefined;
    });
    processor.start();
    await processor.caughtUp();
    processor.pause();
    expect(processor.paused).toBe(true);
    await store.appendToStream('a-1', [event('A1')], { expectedRevision: 'no_stream' });
    await new Promise((r) => setTimeout(r, 30));
    expect(seen).toEqual([]);
    processor.resume();
    await waitUntil(() => seen.length === 1);
    await store.appendToStream('a-1', [event('Slow')], { expectedRevision: 0 });
    await waitUntil(() => seen.length === 2);
    const started = Date.now();
    await processor.stop();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('with liveIntervalMs, hands an idle live event over at once and puts what arrives within the interval into one later batch', async () => {
    const store = new InMemoryEventStore();
    const batches: { readonly types: string[]; readonly at: number }[] = [];
    const processor = new Processor({
      id: 'interval',
      store,
      filter: { streamPrefixes: ['a-'] },
      resumeFrom: () => null,
      handleBatch: (events) => {
        if (events.length > 0) batches.push({ types: events.map((e) => e.type), at: performance.now() });
        return undefined;
      },
      liveIntervalMs: 200,
    });
    processor.start();
    await processor.caughtUp();
    await new Promise((r) => setTimeout(r, 250));
    const first = performance.now();
    await store.appendToStream('a-1', [event('A1')], { expectedRevision: 'no_stream' });
    await waitUntil(() => batches.length === 1);
    // Idle for longer than the interval: no wait.
    expect(batches[0]?.at ?? Infinity).toBeLessThan(first + 150);
    for (let revision = 0; revision < 5; revision++) {
      await store.appendToStream('a-1', [event(`B${revision}`)], { expectedRevision: revision });
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitUntil(() => batches.flatMap((b) => b.types).length === 6);
    // The five came within one interval: fewer batches than events (the one read while the first waited
    // waits its turn, the rest arrived meanwhile), each at least the interval after the one before.
    const later = batches.slice(1);
    expect(later.length).toBeLessThanOrEqual(3);
    expect(later.flatMap((b) => b.types)).toEqual(['B0', 'B1', 'B2', 'B3', 'B4']);
    batches.slice(1).forEach((batch, i) => {
      expect(batch.at).toBeGreaterThanOrEqual((batches[i]?.at ?? 0) + 195);
    });
    await processor.stop();
  });
});
