import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { addFile, createSession, putBytes } from '../fixtures';
import { VsphereClient } from '../http-client';
import { startService, type RunningService } from '../service-harness';
import { VendorSpec } from '../vendor-spec';
import { ExpirySweeper } from '@upload-sessions/service-core/sessions/expire/expiry-sweeper';

/**
 * Expiry runs on every instance. Two instances on the same SQLite event store (and content folder)
 * sweep the same expired sessions at the same moment: each session is expired exactly once, the
 * losing instance's command is refused by the aggregate's revision check and does no harm.
 */
// Two services and three rounds of uploads: more than Jest's default 5 s on a busy machine.
jest.setTimeout(60_000);

describe('expiry on two instances sharing one store', () => {
  const ROUNDS = 3;
  const SESSIONS = 12;
  let dataDir: string;
  let a: RunningService;
  let b: RunningService;
  let now = Date.now();
  const clock = (): Date => new Date(now);

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'expiry-instances-'));
    const env = { SESSION_TIMEOUT_SECONDS: '60', EXPIRY_SWEEP_INTERVAL_SECONDS: '3600', LOG_LEVEL: 'debug' };
    a = await startService({ env, clock, dataDir });
    b = await startService({ env, clock, dataDir, users: a.users! });
  });
  afterAll(async () => {
    await b.stop({ keepData: true });
    await a.stop({ keepData: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  const canceledEvents = (sessionId: string): number => {
    const db = new DatabaseSync(path.join(dataDir, 'events.sqlite'), { readOnly: true });
    try {
      return (
        db
          .prepare(
            "SELECT count(*) AS n FROM events WHERE stream_name = ? AND type = 'UploadSessionCanceled'",
          )
          .get(`upload-session-${sessionId}`) as { n: number }
      ).n;
    } finally {
      db.close();
    }
  };

  it('expires each session once; the loser logs nothing above debug and answers no error', async () => {
    const client = new VsphereClient(a.baseUrl, VendorSpec.load());
    const alice = a.users!.alice;
    expect((await client.login(alice.username, alice.password)).status).toBe(201);
    // Start-up warnings (no BV tokens, no URL secret) are not the test's business.
    const [fromA, fromB] = [a.logs.length, b.logs.length];
    const wins = { a: 0, b: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const ids: string[] = [];
      for (let i = 0; i < SESSIONS; i++) {
        const id = await createSession(client);
        const file = await addFile(client, id, { name: 'f.bin' });
        expect((await putBytes(client, file.upload_endpoint!.uri, 'bytes')).status).toBe(200);
        ids.push(id);
      }
      now += 61_000;
      const [byA, byB] = await Promise.all([
        a.app.get(ExpirySweeper).sweep(),
        b.app.get(ExpirySweeper).sweep(),
      ]);
      wins.a += byA.length;
      wins.b += byB.length;
      expect([...byA, ...byB].sort()).toEqual([...ids].sort());
      for (const id of ids) {
        expect(canceledEvents(id)).toBe(1);
        expect(existsSync(path.join(a.contentDir, 'tmp', id))).toBe(false);
      }
      // Sweeping again finds nothing left to expire on either instance.
      expect(await a.app.get(ExpirySweeper).sweep()).toEqual([]);
      expect(await b.app.get(ExpirySweeper).sweep()).toEqual([]);
    }
    const loud = [...a.logs.slice(fromA), ...b.logs.slice(fromB)].filter(
      (l) =>
        l['level'] === 'error' ||
        l['level'] === 'warn' ||
        (typeof l['status'] === 'number' && l['status'] >= 500),
    );
    expect(loud).toEqual([]);
    console.log(`expiry on two instances: ${ROUNDS * SESSIONS} sessions, won by A ${wins.a}, by B ${wins.b}`);
  });
});
