import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { initialState, type UploadSessionState } from '@upload-sessions/domain';
import { InMemoryEventStore, type NewEvent } from '@upload-sessions/event-store';
import type { ContentStore } from '@upload-sessions/service-core/content/content-store';
import { TransferRegistry } from '@upload-sessions/service-core/content/transfer-registry';
import { ReadModelDatabase } from '@upload-sessions/read-side/projections/read-model-database';
import { CleanUpStats } from '@upload-sessions/read-side/clean-up/clean-up-stats';
import {
  CLEAN_UP_CHECKPOINT,
  ContentCleanUpProcessor,
} from '@upload-sessions/read-side/clean-up/content-clean-up-processor';
import { bvFileCleanUp } from '@upload-sessions/dialect-blendvision/files/bv-file-clean-up';

const event = (type: string, data: Record<string, string> = {}): NewEvent => ({
  id: `${type}-${Math.random()}`,
  type,
  data,
  metadata: {},
});

/** Records deletions; fails the first `failures` calls as a full or busy disk would. */
class FlakyContent {
  readonly deleted: string[] = [];
  constructor(private failures: number) {}
  private attempt(what: string): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error('EBUSY: resource busy'));
    }
    this.deleted.push(what);
    return Promise.resolve();
  }
  discardSession(id: string): Promise<void> {
    return this.attempt(`session:${id}`);
  }
  discardItem(id: string): Promise<void> {
    return this.attempt(`item:${id}`);
  }
}

describe('ContentCleanUpProcessor', () => {
  let dir: string;
  let database: ReadModelDatabase;
  let store: InMemoryEventStore;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'clean-up-'));
    const opened = ReadModelDatabase.open({ path: path.join(dir, 'read-models.sqlite') });
    if (E.isLeft(opened)) throw new Error(opened.left.message);
    database = opened.right;
    store = new InMemoryEventStore();
  });
  afterEach(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const processor = (
    content: FlakyContent,
    stats: CleanUpStats,
    sessions: Record<string, UploadSessionState> = {},
  ): ContentCleanUpProcessor =>
    new ContentCleanUpProcessor({
      store,
      contributions: [bvFileCleanUp],
      database,
      content: content as unknown as ContentStore,
      transfers: new TransferRegistry(),
      loadSession: (id) => Promise.resolve(E.right(sessions[id] ?? initialState)),
      stats,
      log: () => undefined,
      retryFirstMs: 5,
      retryMaxMs: 20,
    });

  it('deletes for every ending event, retries failures with backoff, and resumes after its checkpoint', async () => {
    await store.appendToStream(
      'upload-session-s1',
      [event('UploadSessionStarted'), event('UploadSessionCanceled')],
      {
        expectedRevision: 'no_stream',
      },
    );
    await store.appendToStream(
      'upload-session-s2',
      [event('UploadSessionStarted'), event('UploadSessionFailed')],
      {
        expectedRevision: 'no_stream',
      },
    );
    await store.appendToStream('bv-file-f1', [event('BvFileCreated'), event('BvFileDeleted')], {
      expectedRevision: 'no_stream',
    });
    const content = new FlakyContent(3);
    const stats = new CleanUpStats();
    const first = processor(content, stats);
    first.start();
    await first.caughtUp();
    expect(content.deleted).toEqual(['session:s1', 'session:s2', 'item:f1']);
    expect([stats.processed, stats.retries]).toEqual([3, 3]);
    await first.stop();

    // A new instance on the same checkpoint handles only what came after it.
    await store.appendToStream(
      'upload-session-s3',
      [event('UploadSessionStarted'), event('UploadSessionCanceled')],
      {
        expectedRevision: 'no_stream',
      },
    );
    const later = new FlakyContent(0);
    const second = processor(later, new CleanUpStats());
    second.start();
    await second.caughtUp();
    expect(later.deleted).toEqual(['session:s3']);
    // Live: an event appended while it runs is handled too.
    await store.appendToStream(
      'upload-session-s4',
      [event('UploadSessionStarted'), event('UploadSessionFailed')],
      {
        expectedRevision: 'no_stream',
      },
    );
    for (let i = 0; i < 100 && later.deleted.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(later.deleted).toEqual(['session:s3', 'session:s4']);
    await second.stop();
    const row = database.reader
      .prepare('SELECT events FROM projection_checkpoints WHERE name = ?')
      .get(CLEAN_UP_CHECKPOINT) as { events: number };
    expect(row.events).toBe(5);
  });

  it('writes its checkpoint once per page of events handled, not once per event', async () => {
    for (const id of ['a', 'b', 'c'])
      await store.appendToStream(
        `upload-session-${id}`,
        [event('UploadSessionStarted'), event('UploadSessionCanceled')],
        { expectedRevision: 'no_stream' },
      );
    const transactions = jest.spyOn(database, 'transaction');
    const content = new FlakyContent(0);
    const run = processor(content, new CleanUpStats());
    run.start();
    await run.caughtUp();
    await run.stop();
    expect(content.deleted).toEqual(['session:a', 'session:b', 'session:c']);
    expect(transactions).toHaveBeenCalledTimes(1);
    const row = database.reader
      .prepare('SELECT events, position FROM projection_checkpoints WHERE name = ?')
      .get(CLEAN_UP_CHECKPOINT) as { events: number; position: string };
    expect(row.events).toBe(3);
    expect(row.position).toBe(run.position);
  });

  it('keeps a deleted session content that completed (its item owns it), deletes one deleted while ACTIVE', async () => {
    for (const id of ['done', 'open'])
      await store.appendToStream(
        `upload-session-${id}`,
        [event('UploadSessionStarted'), event('UploadSessionDeleted')],
        {
          expectedRevision: 'no_stream',
        },
      );
    const deleted = (statusBeforeDelete: 'DONE' | null) =>
      ({ status: 'DELETED', statusBeforeDelete }) as unknown as UploadSessionState;
    const content = new FlakyContent(0);
    const run = processor(content, new CleanUpStats(), { done: deleted('DONE'), open: deleted(null) });
    run.start();
    await run.caughtUp();
    await run.stop();
    expect(content.deleted).toEqual(['session:open']);
  });
});
