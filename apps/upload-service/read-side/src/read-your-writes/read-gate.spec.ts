import { InMemoryEventStore, type GlobalPosition } from '@upload-sessions/event-store';
import { requestInfo } from '@upload-sessions/service-core/http/request-context';
import { PositionWaiters } from '../projections/runner/position-waiters';
import { ReadGate } from './read-gate';
import { WriteTracker } from '@upload-sessions/service-core/read-your-writes/write-tracker';

const projection = (waiters: PositionWaiters) => ({
  get position() {
    return waiters.position;
  },
  waitFor: (position: GlobalPosition, timeoutMs: number) => waiters.wait(position, timeoutMs),
});

const write = (org: string, actor: string) => ({
  id: crypto.randomUUID(),
  type: 'Something',
  data: {},
  metadata: { organizationId: org, actor: { id: actor, kind: 'user' } },
});

describe('ReadGate', () => {
  it("holds a request's read until its caller's last write is in the read models", async () => {
    const waiters = new PositionWaiters();
    const tracker = new WriteTracker();
    const store = tracker.track(new InMemoryEventStore());
    const gate = new ReadGate(projection(waiters), tracker, 10_000);
    const appended = await store.appendToStream('s', [write('acme', 'alice')], { expectedRevision: 'any' });
    const position = appended._tag === 'Right' ? appended.right.position : ('' as GlobalPosition);

    const request = {};
    requestInfo(request).principal = { username: 'alice', organizationId: 'acme' };
    let done = false;
    const read = tracker
      .runInRequest({ request, requested: undefined, written: undefined }, () => gate.beforeRead())
      .then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    waiters.advance(position);
    await read;
    expect(gate.stats).toEqual({ waits: 1, timeouts: 0 });
    // Reached: alice's write is forgotten, her next read does not wait.
    expect(tracker.lastWriteOf('acme', 'alice')).toBeUndefined();

    // Another caller (bob, or alice of another organization) has nothing to wait for.
    const other = {};
    requestInfo(other).principal = { username: 'alice', organizationId: 'elsewhere' };
    await tracker.runInRequest({ request: other, requested: undefined, written: undefined }, () =>
      gate.beforeRead(),
    );
    expect(gate.stats.waits).toBe(1);
  });

  it('waits outside any request for the last write of the process, and gives up at the bound', async () => {
    const waiters = new PositionWaiters();
    const tracker = new WriteTracker();
    const store = tracker.track(new InMemoryEventStore());
    const logged: Record<string, unknown>[] = [];
    const gate = new ReadGate(projection(waiters), tracker, 30, (_message, fields) => logged.push(fields));
    await store.appendToStream('s', [write('acme', 'carol')], { expectedRevision: 'any' });
    await gate.beforeRead();
    expect(gate.stats).toEqual({ waits: 1, timeouts: 1 });
    expect(logged).toEqual([expect.objectContaining({ position: tracker.lastWrite(), waitedMs: 30 })]);
    expect(await gate.reach(tracker.lastWrite()!)).toBe(false);
    waiters.advance(tracker.lastWrite());
    expect(await gate.reach(tracker.lastWrite()!)).toBe(true);
    expect(gate.stats).toEqual({ waits: 2, timeouts: 2 });
  });
});
