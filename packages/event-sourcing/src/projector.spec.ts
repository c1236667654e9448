import * as E from 'fp-ts/Either';
import { InMemoryEventStore, type NewEvent, type RecordedEvent } from '@upload-sessions/event-store';
import { InMemoryCheckpointStore } from './checkpoint-store';
import { applyProjections, lowestPosition, Projector, type Projection } from './projector';

const event = (type: string, n = 1): NewEvent => ({
  id: crypto.randomUUID(),
  type,
  data: { n },
  metadata: {},
});

/** A view in memory that joins the checkpoint store's transactions: staged rows are kept only on commit. */
class CountView {
  rows = new Map<string, number>();
  private staged = new Map<string, number>();
  constructor(private readonly poison?: string) {}
  projection(name: string): Projection<void> {
    return {
      name,
      version: 1,
      writer: {
        apply: (e: RecordedEvent) => {
          if (e.type === this.poison) return E.left('cannot read it');
          const key = e.streamName;
          this.staged.set(key, (this.staged.get(key) ?? this.rows.get(key) ?? 0) + Number(e.data['n']));
          return E.right(undefined);
        },
        flush: () => {
          for (const [k, v] of this.staged) this.rows.set(k, v);
          this.staged.clear();
        },
        discard: () => this.staged.clear(),
      },
    };
  }
}

describe('applyProjections', () => {
  it('applies each event once per projection, skipping events at or before its checkpoint', () => {
    const checkpoints = new InMemoryCheckpointStore();
    const view = new CountView();
    const events = [1, 2, 3].map(
      (n) =>
        ({
          ...event('Added', n),
          streamName: 's',
          revision: n - 1,
          position: `0000000000000000000${n}`,
          recordedAt: '',
        }) as RecordedEvent,
    );
    const first = applyProjections(
      checkpoints,
      checkpoints,
      [view.projection('v')],
      events.slice(0, 2),
      undefined,
    );
    expect([first.applied, first.positions.get('v')]).toEqual([2, events[1]?.position]);
    // Replayed after a crash: the first two are skipped.
    const again = applyProjections(checkpoints, checkpoints, [view.projection('v')], events, undefined);
    expect(again.applied).toBe(1);
    expect(view.rows.get('s')).toBe(6);
    expect(checkpoints.read('v')?.events).toBe(3);
  });

  it('rolls back the view and the checkpoint together when the transaction throws', () => {
    const checkpoints = new InMemoryCheckpointStore();
    const view = new CountView();
    const projection = view.projection('v');
    const broken = {
      ...projection,
      writer: {
        ...projection.writer,
        flush: () => {
          throw new Error('disk full');
        },
      },
    };
    const recorded = {
      ...event('Added'),
      streamName: 's',
      revision: 0,
      position: '00000000000000000001',
      recordedAt: '',
    } as RecordedEvent;
    expect(() => applyProjections(checkpoints, checkpoints, [broken], [recorded], undefined)).toThrow(
      'disk full',
    );
    expect(checkpoints.read('v')).toBeUndefined();
    expect(view.rows.size).toBe(0);
  });

  it('knows the lowest position, null while any projection has none', () => {
    expect(lowestPosition(['00000000000000000003' as never, '00000000000000000002' as never])).toBe(
      '00000000000000000002',
    );
    expect(lowestPosition(['00000000000000000003' as never, null])).toBeNull();
  });
});

describe('Projector', () => {
  it('projects history and live events, commits view and checkpoint together, and resumes after its checkpoint', async () => {
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    const view = new CountView();
    await store.appendToStream('s-1', [event('Added', 2), event('Added', 3)], {
      expectedRevision: 'no_stream',
    });
    await store.appendToStream('t-1', [event('Other', 100)], { expectedRevision: 'no_stream' });
    const commits: (string | null)[] = [];
    const make = () =>
      new Projector({
        id: 'projection',
        store,
        database: checkpoints,
        checkpoints,
        projections: [view.projection('sums')],
        streamPrefixes: ['s-'],
        hooks: { afterCommit: (_outcome, reached) => commits.push(reached) },
      });
    const projector = make();
    projector.start();
    await projector.caughtUp();
    expect(view.rows.get('s-1')).toBe(5);
    expect(view.rows.has('t-1')).toBe(false);
    expect(projector.position).toBe(checkpoints.read('sums')?.position);
    expect(commits.length).toBeGreaterThan(0);
    await projector.stop();

    await store.appendToStream('s-1', [event('Added', 4)], { expectedRevision: 1 });
    const next = make();
    next.start();
    await next.caughtUp();
    expect(view.rows.get('s-1')).toBe(9);
    expect(checkpoints.read('sums')?.events).toBe(3);
    await next.stop();
  });

  it('keeps the events before one it cannot apply, reports it as failed, and goes on once it can', async () => {
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    const view = new CountView('Poison');
    await store.appendToStream('s-1', [event('Added', 2), event('Poison')], {
      expectedRevision: 'no_stream',
    });
    const projector = new Projector({
      id: 'projection',
      store,
      database: checkpoints,
      checkpoints,
      projections: [view.projection('sums')],
      streamPrefixes: ['s-'],
      retryDelayMs: 5,
    });
    projector.start();
    for (let i = 0; i < 200 && projector.state !== 'failed'; i++) await new Promise((r) => setTimeout(r, 5));
    expect(projector.state).toBe('failed');
    expect(projector.error).toMatch(/read model sums cannot apply Poison/);
    expect(view.rows.get('s-1')).toBe(2);
    await projector.stop();
  });
});
