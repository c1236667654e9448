import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { uploadSessionDecider } from '@upload-sessions/domain';
import type { GlobalPosition } from '@upload-sessions/event-store';
import { KurrentDbEventStore } from '@upload-sessions/event-store-kurrentdb';
import { loadStream } from '@upload-sessions/service-core/event-sourcing/run-decider';
import { uploadSessionStream } from '@upload-sessions/service-core/event-sourcing/stream-names';
import { ReadModelDatabase } from '@upload-sessions/read-side/projections/read-model-database';
import { serviceReadModels } from '../../src/app/service-read-models';
import {
  decodeUploadSessionEvent,
  uploadSessionsReadModel,
} from '@upload-sessions/read-side/projections/read-models/upload-sessions.read-model';
import { rebuildReadModels } from '@upload-sessions/read-side/projections/rebuild/rebuild-read-models';
import { dumpRowsOf } from './support/dump-read-models';
import { seedHistory, type SeededHistory } from './support/seed-history';
import { Checkpoints } from '@upload-sessions/read-side/projections/runner/checkpoints';
import { ProjectionRunner } from '@upload-sessions/read-side/projections/runner/projection-runner';

const kurrent = process.env['KURRENTDB_CONNECTION_STRING']?.trim();
const CHILD = join(__dirname, 'support', 'child', 'project-until-killed.cjs');
const title = 'projection, rebuild and kill points on KurrentDB';

const openDb = (path: string) => {
  const opened = ReadModelDatabase.open({ path });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  return opened.right;
};

if (kurrent === undefined || kurrent === '') {
  console.log(
    `Skipping "${title}": KURRENTDB_CONNECTION_STRING is not set (no KurrentDB server to run against).`,
  );
  describe.skip(title, () => {
    it('projects, rebuilds and survives kill points against the server', () => expect(kurrent).toBeTruthy());
  });
} else {
  describe(title, () => {
    const created = KurrentDbEventStore.fromConnectionString(kurrent);
    if (E.isLeft(created)) throw new Error(created.left.message);
    const store = created.right;
    let dir: string;
    let seeded: SeededHistory;
    // The server may hold a long log from other runs: the read models here start after its head.
    let from: GlobalPosition | undefined;
    let last: GlobalPosition;

    /** A read-model file whose checkpoints start at `from`. */
    const preparedFile = (name: string): string => {
      const path = join(dir, name);
      const database = openDb(path);
      const runner = ProjectionRunner.create({ store, database, readModels: serviceReadModels });
      if (E.isLeft(runner)) throw new Error(runner.left);
      const checkpoints = new Checkpoints(database.writer);
      for (const model of serviceReadModels) {
        checkpoints.write({ name: model.name, version: model.version, position: from ?? null, events: 0 });
      }
      database.close();
      return path;
    };
    const project = async (path: string): Promise<void> => {
      const database = openDb(path);
      const runner = ProjectionRunner.create({ store, database, readModels: serviceReadModels });
      if (E.isLeft(runner)) throw new Error(runner.left);
      runner.right.start();
      expect(await runner.right.waitFor(last, 60_000)).toBe(true);
      await runner.right.stop();
      database.close();
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'projection-kurrentdb-'));
      const head = await store.headPosition();
      from = E.isRight(head) ? head.right : undefined;
      seeded = await seedHistory(store, { sessions: 8 });
      const legacy = seeded.sessionIds[seeded.sessionIds.length - 1]!;
      const tail = await store.readStream(uploadSessionStream(legacy), {
        direction: 'backwards',
        maxCount: 1,
      });
      if (E.isLeft(tail) || tail.right[0] === undefined) throw new Error('cannot read the last seeded event');
      last = tail.right[0].position;
    }, 120_000);
    afterAll(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('folds every seeded stream as loading it does', async () => {
      const path = preparedFile('live.sqlite');
      await project(path);
      const database = openDb(path);
      const sessions = uploadSessionsReadModel.reader(database.reader);
      const codec = {
        encode: () => ({ type: '', schemaVersion: 1, data: {} }),
        decode: decodeUploadSessionEvent,
      };
      for (const id of seeded.sessionIds) {
        const loaded = await loadStream(store, uploadSessionStream(id), uploadSessionDecider, codec);
        expect(E.isRight(loaded) && loaded.right.state).toEqual(sessions.get(id)?.state);
      }
      database.close();
    }, 120_000);

    it('rebuilds to the same rows as the live projection', async () => {
      const path = preparedFile('rebuilt.sqlite');
      await project(path);
      const live = dumpRowsOf(path, serviceReadModels, seeded.streams);
      const database = openDb(path);
      const rebuilt = await rebuildReadModels({ store, database, readModels: serviceReadModels });
      database.close();
      expect(E.isRight(rebuilt)).toBe(true);
      expect(dumpRowsOf(path, serviceReadModels, seeded.streams)).toEqual(live);
    }, 300_000);

    it('ends equal to a clean run after SIGKILLs inside and after batches', async () => {
      const cleanPath = preparedFile('clean.sqlite');
      await project(cleanPath);
      const reference = dumpRowsOf(cleanPath, serviceReadModels, seeded.streams);
      const run = (path: string, k: number, mode: string) =>
        new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
          (resolve, reject) => {
            const child = spawn(
              process.execPath,
              ['--conditions=@upload-sessions/source', CHILD, '-', path, String(k), mode, '4'],
              {
                stdio: ['ignore', 'ignore', 'pipe'],
                env: { ...process.env, KURRENTDB_CONNECTION_STRING: kurrent },
              },
            );
            let stderr = '';
            child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
            child.on('error', reject);
            child.on('close', (code, signal) => resolve({ code, signal, stderr }));
          },
        );
      for (const [k, mode] of [
        [1, 'in-transaction'],
        [3, 'in-transaction'],
        [4, 'after-commit'],
        [9, 'in-transaction'],
        [seeded.events, 'after-commit'],
      ] as const) {
        const path = preparedFile(`killed-${k}-${mode}.sqlite`);
        const killed = await run(path, k, mode);
        expect({ k, signal: killed.signal }).toEqual({ k, signal: 'SIGKILL' });
        const restarted = await run(path, 0, mode);
        expect({ k, code: restarted.code, stderr: restarted.stderr }).toEqual({ k, code: 0, stderr: '' });
        expect(dumpRowsOf(path, serviceReadModels, seeded.streams)).toEqual(reference);
      }
    }, 300_000);
  });
}
