import { InMemoryEventStore, type GlobalPosition } from '@upload-sessions/event-store';
import { WriteTracker } from './write-tracker';

const event = (org: string, actor: string) => ({
  id: crypto.randomUUID(),
  type: 'Something',
  data: {},
  metadata: { organizationId: org, actor: { id: actor, kind: 'user' } },
});

describe('WriteTracker', () => {
  it('records nothing of appends made untracked (streams no read model follows)', async () => {
    const tracker = new WriteTracker();
    const store = tracker.track(new InMemoryEventStore());
    const writes = { request: {}, requested: undefined, written: undefined as GlobalPosition | undefined };
    await tracker.runInRequest(writes, () =>
      tracker.untracked(() =>
        store.appendToStream('s-1', [event('acme', 'alice')], { expectedRevision: 'any' }),
      ),
    );
    expect(writes.written).toBeUndefined();
    expect(tracker.lastWriteOf('acme', 'alice')).toBeUndefined();
    expect(tracker.lastWrite()).toBeUndefined();
  });

  it("records each writer's last position and the request's own, through the wrapped store", async () => {
    const tracker = new WriteTracker();
    const store = tracker.track(new InMemoryEventStore());
    const writes = { request: {}, requested: undefined, written: undefined as GlobalPosition | undefined };
    const first = await tracker.runInRequest(writes, async () => {
      await store.appendToStream('s-1', [event('acme', 'alice')], { expectedRevision: 'any' });
      return store.appendToStream('s-2', [event('acme', 'alice'), event('acme', 'alice')], {
        expectedRevision: 'any',
      });
    });
    const position = first._tag === 'Right' ? first.right.position : undefined;
    expect(writes.written).toBe(position);
    expect(tracker.lastWriteOf('acme', 'alice')).toBe(position);
    expect(tracker.lastWriteOf('acme', 'bob')).toBeUndefined();
    expect(tracker.lastWriteOf('other', 'alice')).toBeUndefined();

    // Outside any request only the writer is remembered; a refused append records nothing.
    await store.appendToStream('s-3', [event('acme', 'bob')], { expectedRevision: 'any' });
    const refused = await store.appendToStream('s-3', [event('acme', 'carol')], {
      expectedRevision: 'no_stream',
    });
    expect(refused._tag).toBe('Left');
    expect(tracker.lastWriteOf('acme', 'bob')).toBeDefined();
    expect(tracker.lastWriteOf('acme', 'carol')).toBeUndefined();

    // Forgotten once reached; a later write is kept.
    const bob = tracker.lastWriteOf('acme', 'bob')!;
    tracker.forget('acme', 'bob', position!);
    expect(tracker.lastWriteOf('acme', 'bob')).toBe(bob);
    tracker.forget('acme', 'alice', position!);
    expect(tracker.lastWriteOf('acme', 'alice')).toBeUndefined();
    expect(tracker.lastWrite()).toBe(bob);
  });

  it('records a multi-stream append as the writes of each of its streams', async () => {
    const tracker = new WriteTracker();
    const store = tracker.track(new InMemoryEventStore());
    const writes = { request: {}, requested: undefined, written: undefined as GlobalPosition | undefined };
    const both = await tracker.runInRequest(writes, () =>
      store.appendToStreams([
        { streamName: 's-1', events: [event('acme', 'alice')], expectedRevision: 'no_stream' },
        { streamName: 's-2', events: [event('acme', 'bob')], expectedRevision: 'no_stream' },
      ]),
    );
    const [first, second] = both._tag === 'Right' ? both.right : [];
    expect(writes.written).toBe(second?.position);
    expect(tracker.lastWriteOf('acme', 'alice')).toBe(first?.position);
    expect(tracker.lastWriteOf('acme', 'bob')).toBe(second?.position);
  });

  it('stays bounded, forgetting the least recent writers first', async () => {
    const tracker = new WriteTracker(2);
    const store = tracker.track(new InMemoryEventStore());
    for (const actor of ['a', 'b', 'a', 'c'])
      await store.appendToStream(`s-${actor}`, [event('o', actor)], { expectedRevision: 'any' });
    expect(tracker.pendingWriters).toBe(2);
    expect(tracker.lastWriteOf('o', 'b')).toBeUndefined();
    expect(tracker.lastWriteOf('o', 'a')).toBeDefined();
    expect(tracker.lastWriteOf('o', 'c')).toBeDefined();
  });
});
