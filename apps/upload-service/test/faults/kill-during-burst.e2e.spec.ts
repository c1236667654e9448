import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import * as E from 'fp-ts/Either';
import { SqliteEventStore } from '@upload-sessions/event-store-sqlite';
import {
  makeCredentials,
  startChildService,
  type ChildCredentials,
  type ChildService,
} from '../support/service-child';
import { serviceReadModels } from '../../src/app/service-read-models';
import { dumpReadModels } from '../read-side/support/dump-read-models';
import { projectCleanly } from '../read-side/support/project-cleanly';
import { BvClient } from '../blendvision/bv-client';
import { BvSpec } from '../blendvision/bv-spec';
import { waitFor } from '../blendvision/wait-for';
import { createLibrary } from '../fixtures';
import { VsphereClient } from '../http-client';
import { VendorSpec } from '../vendor-spec';
import { bvWorker, newRecord, vsphereWorker, type BurstRecord } from './burst-workers';
import { contentProblems, foldLog, missingAcks, readLog } from './history-checks';

/**
 * Kill -9 of the service (a child process) during a burst of mixed commands and uploads of both
 * dialects, several times on the same data folder. After the last restart:
 * - every acknowledged command (the client got a 2xx) is in the store;
 * - every stream is a valid history by the aggregates' rules (folded with their own evolve), and
 *   cross-stream links hold: an unacknowledged command is whole or absent, never half there;
 * - the read models equal a fresh projection of the log, and each session row equals its fold;
 * - content on disk agrees with the events: nothing staged for ended sessions, nothing kept for
 *   deleted files, every completed session's files in place.
 *
 * CI runs KILL_BURST_ROUNDS=3 rounds of up to KILL_BURST_SECONDS=2 s each. The longer run:
 *   KILL_BURST_ROUNDS=20 KILL_BURST_SECONDS=15 npx jest apps/upload-service/test/faults/kill-during-burst
 */
const ROUNDS = Number(process.env['KILL_BURST_ROUNDS'] ?? 3);
const BURST_SECONDS = Number(process.env['KILL_BURST_SECONDS'] ?? 2);
const WORKERS = Number(process.env['KILL_BURST_WORKERS'] ?? 4);
const PART_SIZE = 32 * 1024;

jest.setTimeout(120_000 + ROUNDS * (BURST_SECONDS + 30) * 1000);

describe('kill -9 during a burst of mixed commands and uploads', () => {
  let dataDir: string;
  let credentials: ChildCredentials;
  let service: ChildService | undefined;
  const eventsPath = (): string => path.join(dataDir, 'events.sqlite');

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kill-burst-'));
    credentials = await makeCredentials();
  });
  afterAll(async () => {
    await service?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string> = {}): Promise<ChildService> => {
    service = await startChildService(dataDir, credentials, {
      BV_PART_SIZE_BYTES: String(PART_SIZE),
      ...env,
    });
    return service;
  };

  it('loses no acknowledged command, half-applies none, and read models and content agree', async () => {
    const record: BurstRecord = newRecord();
    const vsphereSpec = VendorSpec.load();
    const bvSpec = BvSpec.load();
    let libraryId: string | undefined;
    const kills: { round: number; afterMs: number; acks: number }[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      const running = await start();
      const vsphere = new VsphereClient(running.baseUrl, vsphereSpec);
      expect((await vsphere.login(credentials.vsphere.username, credentials.vsphere.password)).status).toBe(
        201,
      );
      libraryId ??= await createLibrary(vsphere);
      const bv = new BvClient(running.baseUrl, bvSpec, credentials.bv.token, credentials.bv.organizationId);
      const before = record.acks.length;
      const workers = Array.from({ length: WORKERS }, (_, i) =>
        i % 2 === 0 ? vsphereWorker(vsphere, libraryId!, record) : bvWorker(bv, PART_SIZE, record),
      );
      const afterMs = Math.round((0.3 + 0.7 * Math.random()) * BURST_SECONDS * 1000);
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      const exit = await running.kill();
      expect(exit.signal).toBe('SIGKILL');
      await Promise.all(workers);
      kills.push({ round, afterMs, acks: record.acks.length - before });
    }

    // The last restart: the clean-up processor and a quick sweep make good what the kills interrupted.
    const last = await start({ EXPIRY_SWEEP_INTERVAL_SECONDS: '1' });
    const folded = (): ReturnType<typeof foldLog> => foldLog(readLog(eventsPath()));
    const contentDir = path.join(dataDir, 'content');
    let problems: string[] = [];
    await waitFor(
      'content to agree with the events',
      () => {
        problems = contentProblems(contentDir, folded());
        return problems.length === 0;
      },
      30_000,
    ).catch(() => undefined);
    expect(problems).toEqual([]);
    expect((await last.stop()).code).toBe(0);
    service = undefined;

    const log = readLog(eventsPath());
    const history = foldLog(log);
    expect(history.problems).toEqual([]);
    expect(missingAcks(record.acks, history)).toEqual([]);
    expect(record.problems).toEqual([]);
    expect(contentProblems(contentDir, history)).toEqual([]);

    // Read models: equal to a fresh projection of the same log.
    const store = await SqliteEventStore.open({ path: eventsPath(), externalChangePollMs: 0 });
    if (E.isLeft(store)) throw new Error(store.left.message);
    const fresh = await projectCleanly(store.right, path.join(dataDir, 'fresh-read-models.sqlite'));
    await store.right.close();
    expect(dumpReadModels(path.join(dataDir, 'read-models.sqlite'), serviceReadModels)).toEqual(fresh);

    // And each session row is its stream's fold.
    const db = new DatabaseSync(path.join(dataDir, 'read-models.sqlite'), { readOnly: true });
    const rows = db.prepare('SELECT id, row FROM upload_sessions').all() as { id: string; row: string }[];
    db.close();
    const projected = new Map(rows.map((r) => [r.id, (JSON.parse(r.row) as { state: unknown }).state]));
    expect(projected.size).toBe(history.sessions.size);
    for (const [id, { state }] of history.sessions) expect([id, projected.get(id)]).toEqual([id, state]);

    const counts: Record<string, number> = {};
    for (const ack of record.acks) counts[ack.kind] = (counts[ack.kind] ?? 0) + 1;
    const states: Record<string, number> = {};
    for (const { state } of history.sessions.values()) states[state.status] = (states[state.status] ?? 0) + 1;
    console.log(
      `kill -9 during burst: ${ROUNDS} rounds (${kills.map((k) => `${k.afterMs} ms/${k.acks} acks`).join(', ')}), ` +
        `${record.acks.length} acknowledged commands all present (${JSON.stringify(counts)}), ` +
        `${record.cutOff} requests cut off, refusals ${JSON.stringify(record.refused)}, ` +
        `${log.length} events, sessions ${JSON.stringify(states)}, 0 half-applied`,
    );
    expect(record.acks.length).toBeGreaterThan(ROUNDS);
  });
});
