import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import * as E from 'fp-ts/Either';
import { uploadSessionDecider, type UploadSessionState } from '@upload-sessions/domain';
import type { EventStore, RecordedEvent } from '@upload-sessions/event-store';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';
import { UPLOAD_SESSION_STREAM_PREFIX } from '@upload-sessions/service-core/event-sourcing/stream-names';
import { serviceReadModels } from '../../src/app/service-read-models';
import { decodeUploadSessionEvent } from '@upload-sessions/read-side/projections/read-models/upload-sessions.read-model';
import { dumpReadModels } from './support/dump-read-models';
import { projectCleanly } from './support/project-cleanly';
import { seedHistory } from './support/seed-history';

const CHILD = join(__dirname, 'support', 'child', 'project-until-killed.cjs');
type Mode = 'in-transaction' | 'after-commit';

interface ChildEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

const runChild = (
  events: string,
  readModels: string,
  killAt: number,
  mode: Mode,
  batchSize: number,
): Promise<ChildEnd> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@upload-sessions/source',
        CHILD,
        events,
        readModels,
        String(killAt),
        mode,
        String(batchSize),
      ],
      // The embedded store only: a KurrentDB server in the environment is for the KurrentDB variant.
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, KURRENTDB_CONNECTION_STRING: '' } },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });

/**
 * What a crash may leave: every session row equals the fold of its stream's events up to the committed
 * checkpoint, and every session started by then has a row. A half-applied batch would break this.
 */
const expectConsistentAtCheckpoint = (path: string, log: readonly RecordedEvent[]): void => {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const checkpoint = db
      .prepare("SELECT position FROM projection_checkpoints WHERE name = 'upload-sessions'")
      .get() as { position: string | null } | undefined;
    const upTo = checkpoint?.position ?? '';
    const expected = new Map<string, UploadSessionState>();
    for (const event of log) {
      if (event.position > upTo || !event.streamName.startsWith(UPLOAD_SESSION_STREAM_PREFIX)) continue;
      const id = event.streamName.slice(UPLOAD_SESSION_STREAM_PREFIX.length);
      const decoded = decodeUploadSessionEvent(event);
      if (E.isLeft(decoded)) throw new Error(decoded.left);
      expected.set(
        id,
        uploadSessionDecider.evolve(expected.get(id) ?? uploadSessionDecider.initialState, decoded.right),
      );
    }
    const rows = db.prepare('SELECT id, row FROM upload_sessions').all() as { id: string; row: string }[];
    const actual = new Map(
      rows.map((r) => [r.id, (JSON.parse(r.row) as { state: UploadSessionState }).state]),
    );
    expect(actual).toEqual(expected);
  } finally {
    db.close();
  }
};

/** Events the runner has committed (every read model takes every event of the log into account). */
const committedEvents = (path: string): number => {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return (
      (db.prepare('SELECT max(events) AS n FROM projection_checkpoints').get() as { n: number | null }).n ?? 0
    );
  } finally {
    db.close();
  }
};

const readLog = async (store: EventStore): Promise<RecordedEvent[]> => {
  const all = await store.readAll();
  if (E.isLeft(all)) throw new Error(all.left.message);
  return [...all.right.events];
};

describe('projection under SIGKILL at every kind of point', () => {
  let dir: string;
  let eventsPath: string;
  let log: RecordedEvent[];
  let reference: Record<string, unknown>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'projection-kill9-'));
    eventsPath = join(dir, 'events.sqlite');
    const opened = await SqliteEventStore.open({ path: eventsPath, externalChangePollMs: 0 });
    if (E.isLeft(opened)) throw new Error(opened.left.message);
    await seedHistory(opened.right, { sessions: 12 });
    log = await readLog(opened.right);
    // The reference: one clean run, in process.
    reference = await projectCleanly(opened.right, join(dir, 'clean.sqlite'));
    await opened.right.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has a history worth killing', () => {
    expect(log.length).toBeGreaterThan(100);
  });

  it.each<[Mode, number]>([
    ['in-transaction', 5],
    ['after-commit', 5],
    ['in-transaction', 64],
    ['after-commit', 64],
  ])(
    'killed %s after the k-th event, the restart ends equal to the clean run (batch size %i)',
    async (mode, batchSize) => {
      const total = log.length;
      // Small batches: every k over three batches (each offset inside a batch and at its edges). Large
      // ones: the edges of the first batches. Both: a spread to the very last event.
      const first =
        batchSize <= 8
          ? Array.from({ length: 3 * batchSize + 1 }, (_, i) => i + 1)
          : [1, 2, batchSize - 1, batchSize, batchSize + 1, 2 * batchSize];
      const spread = [0.25, 0.5, 0.75, 1].map((f) => Math.max(1, Math.floor(f * total)));
      const ks = [...new Set([...first, ...spread])].filter((k) => k <= total);
      for (const k of ks) {
        const path = join(dir, `${mode}-${batchSize}-${k}.sqlite`);
        const killed = await runChild(eventsPath, path, k, mode, batchSize);
        expect({ k, signal: killed.signal, stderr: killed.stderr }).toEqual({
          k,
          signal: 'SIGKILL',
          stderr: '',
        });
        // The kill landed where it was meant to: before the k-th event's commit, or after it.
        const committed = committedEvents(path);
        if (mode === 'in-transaction')
          expect({ k, below: committed < k, batch: committed >= k - batchSize }).toEqual({
            k,
            below: true,
            batch: true,
          });
        else expect({ k, reached: committed >= k }).toEqual({ k, reached: true });
        expectConsistentAtCheckpoint(path, log);
        const restarted = await runChild(eventsPath, path, 0, mode, batchSize);
        expect({ k, code: restarted.code, stderr: restarted.stderr }).toEqual({ k, code: 0, stderr: '' });
        expect(dumpReadModels(path, serviceReadModels)).toEqual(reference);
      }
    },
    600_000,
  );

  it('survives many kills in a row on the same file', async () => {
    const path = join(dir, 'repeated.sqlite');
    const steps = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7];
    let kills = 0;
    for (let run = 0; ; run++) {
      const mode: Mode = run % 2 === 0 ? 'in-transaction' : 'after-commit';
      const end = await runChild(eventsPath, path, (steps[run % steps.length] ?? 1) * 7, mode, 4);
      if (end.signal !== 'SIGKILL') {
        expect({ code: end.code, stderr: end.stderr }).toEqual({ code: 0, stderr: '' });
        break;
      }
      kills += 1;
      expectConsistentAtCheckpoint(path, log);
    }
    expect(kills).toBeGreaterThan(3);
    expect(dumpReadModels(path, serviceReadModels)).toEqual(reference);
    // The file is still a healthy SQLite database after all that.
    copyFileSync(path, join(dir, 'copy.sqlite'));
    const db = new DatabaseSync(path, { readOnly: true });
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    db.close();
  }, 600_000);
});
