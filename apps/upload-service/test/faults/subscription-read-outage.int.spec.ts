import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import type { ContentStore } from '@upload-sessions/service-core/content/content-store';
import { TransferRegistry } from '@upload-sessions/service-core/content/transfer-registry';
import { CleanUpStats } from '@upload-sessions/read-side/clean-up/clean-up-stats';
import {
  CLEAN_UP_CHECKPOINT,
  CLEAN_UP_EVENT_TYPES,
  ContentCleanUpProcessor,
} from '@upload-sessions/read-side/clean-up/content-clean-up-processor';
import { ReadModelDatabase } from '@upload-sessions/read-side/projections/read-model-database';
import { serviceReadModels } from '../../src/app/service-read-models';
import { Checkpoints } from '@upload-sessions/read-side/projections/runner/checkpoints';
import { ProjectionRunner } from '@upload-sessions/read-side/projections/runner/projection-runner';
import { dumpReadModels } from '../read-side/support/dump-read-models';
import { projectCleanly } from '../read-side/support/project-cleanly';
import { seedHistory } from '../read-side/support/seed-history';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';
import { bvFileCleanUp } from '@upload-sessions/dialect-blendvision/files/bv-file-clean-up';

/**
 * The event store stops answering reads (every page read fails as SQLite would with an I/O error)
 * while events keep arriving: the projection runner and the clean-up processor wait it out, then
 * resume from their checkpoints: the read models end equal to a clean projection, the processor
 * handles every ending event exactly once, and no checkpoint ever moves back.
 */
jest.setTimeout(60_000);

describe('subscriptions through a read outage of the event store', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resume from their checkpoints once reads work again', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'read-outage-'));
    const opened = await SqliteEventStore.open({
      path: path.join(dir, 'events.sqlite'),
      externalChangePollMs: 0,
    });
    if (E.isLeft(opened)) throw new Error(opened.left.message);
    const store = opened.right;
    await seedHistory(store, { sessions: 6, seed: 1 });

    // Every query of the reader connection fails: the page read from the file, and the head query that
    // lets a page be answered from the rows this process committed last.
    type Reader = { page: (...args: unknown[]) => unknown; headCounter: () => unknown };
    const reader = (store as unknown as { reader: Reader }).reader;
    let failing = false;
    let failedReads = 0;
    for (const name of ['page', 'headCounter'] as const) {
      const query = (reader[name] as (...args: unknown[]) => unknown).bind(reader);
      reader[name] = (...args: unknown[]) => {
        if (!failing) return query(...args);
        failedReads += 1;
        throw Object.assign(new Error('disk I/O error'), { errcode: 778 });
      };
    }

    const database = ReadModelDatabase.open({ path: path.join(dir, 'read-models.sqlite') });
    if (E.isLeft(database)) throw new Error(database.left.message);
    const runner = ProjectionRunner.create({
      store,
      database: database.right,
      readModels: serviceReadModels,
      retryDelayMs: 50,
    });
    if (E.isLeft(runner)) throw new Error(runner.left);
    const deleted: string[] = [];
    const content = {
      discardSession: (id: string) => Promise.resolve(void deleted.push(id)),
      discardItem: (id: string) => Promise.resolve(void deleted.push(id)),
    } as unknown as ContentStore;
    const processor = new ContentCleanUpProcessor({
      store,
      contributions: [bvFileCleanUp],
      checkpoints: new Checkpoints(database.right.writer),
      database: database.right,
      content,
      transfers: new TransferRegistry(),
      // As if every deleted session had been deleted while ACTIVE: each deletion event deletes content.
      loadSession: () => Promise.resolve(E.right({ status: 'NONE' } as const)),
      stats: new CleanUpStats(),
      log: () => undefined,
      retryFirstMs: 20,
      retryMaxMs: 100,
    });
    const checkpoints: string[] = [];
    const readCheckpoint = (): string =>
      (
        database.right.reader
          .prepare('SELECT position FROM projection_checkpoints WHERE name = ?')
          .get(CLEAN_UP_CHECKPOINT) as { position: string } | undefined
      )?.position ?? '';
    runner.right.start();
    processor.start();
    await Promise.all([runner.right.caughtUp(), processor.caughtUp()]);
    const handledBefore = deleted.length;

    // The outage: reads fail while more history is written (writes go through another connection).
    failing = true;
    await seedHistory(store, { sessions: 6, seed: 2 });
    for (let i = 0; i < 20; i++) {
      checkpoints.push(readCheckpoint());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    failing = false;
    const head = await store.headPosition();
    if (E.isLeft(head) || head.right === undefined) throw new Error('no head');
    expect(await runner.right.waitFor(head.right, 10_000)).toBe(true);
    for (let i = 0; i < 200 && readCheckpoint() < head.right; i++)
      await new Promise((r) => setTimeout(r, 25));
    checkpoints.push(readCheckpoint());
    await processor.stop();
    await runner.right.stop();

    expect(failedReads).toBeGreaterThan(0);
    expect(checkpoints.at(-1)! >= head.right).toBe(true);
    // Never backwards.
    expect([...checkpoints].sort()).toEqual(checkpoints);
    // Each ending event of both seeds handled exactly once.
    const all = await store.readAll({
      filter: { eventTypes: [...CLEAN_UP_EVENT_TYPES, ...bvFileCleanUp.eventTypes] },
    });
    if (E.isLeft(all)) throw new Error(all.left.message);
    expect(deleted.length).toBe(all.right.events.length);
    expect(deleted.length).toBeGreaterThan(handledBefore);

    // The read models equal a clean projection of the same log.
    const clean = await projectCleanly(store, path.join(dir, 'clean.sqlite'));
    database.right.close();
    await store.close();
    const strip = (dump: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(dump).filter(([key]) => !key.startsWith('checkpoint:')));
    expect(strip(dumpReadModels(path.join(dir, 'read-models.sqlite'), serviceReadModels))).toEqual(
      strip(clean),
    );
    console.log(
      `read outage: ${failedReads} failed reads over 2 s; projection and clean-up resumed to the head; ${deleted.length} deletions, one per ending event`,
    );
  });
});
