import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { addFile, createSession, putBytes, sessionUrl } from '../fixtures';
import { VsphereClient } from '../http-client';
import { startService, type RunningService } from '../service-harness';
import { VendorSpec } from '../vendor-spec';
import { waitFor } from '../blendvision/wait-for';
import { CleanUpStats } from '@upload-sessions/read-side/clean-up/clean-up-stats';
import { TemporaryContentSweep } from '@upload-sessions/read-side/clean-up/temporary-content-sweep';

describe('temporary content sweep', () => {
  let service: RunningService;
  let client: VsphereClient;
  const staging = (id: string): string => path.join(service.contentDir, 'tmp', id);

  beforeEach(async () => {
    // A long interval: the test runs the sweep itself.
    service = await startService({ env: { EXPIRY_SWEEP_INTERVAL_SECONDS: '3600' } });
    client = new VsphereClient(service.baseUrl, VendorSpec.load());
    const alice = service.users!.alice;
    expect((await client.login(alice.username, alice.password)).status).toBe(201);
  });
  afterEach(async () => service.stop());

  const metric = async (line: string): Promise<number> => {
    const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
    const found = text.split('\n').find((l) => l.startsWith(`${line} `));
    return Number(found?.slice(line.length + 1));
  };

  it('removes staged content of no ACTIVE session and stale partial files, keeps the rest, and reports it', async () => {
    // An ACTIVE session with a received file, a partial file a crash left long ago and one in progress.
    const active = await createSession(client);
    const file = await addFile(client, active, { name: 'disk.iso' });
    expect((await putBytes(client, file.upload_endpoint!.uri, 'bytes')).status).toBe(200);
    const stale = path.join(staging(active), '.incoming-0123456789abcdef');
    const fresh = path.join(staging(active), '.incoming-fedcba9876543210');
    writeFileSync(stale, 'cut off by a crash');
    writeFileSync(fresh, 'still arriving');
    const longAgo = new Date(Date.now() - 3600_000);
    utimesSync(stale, longAgo, longAgo);

    // A canceled session whose folder came back (as if the deletion had been cut off), and a folder of
    // a session the store has never heard of (a crash before the session's first event).
    const canceled = await createSession(client);
    expect((await client.request('POST', `${sessionUrl(canceled)}?action=cancel`)).status).toBe(204);
    // The processor has handled the cancel (its deletion must not be what removes the folder below).
    await waitFor('the processor to handle the cancel', () => service.app.get(CleanUpStats).processed >= 1);
    mkdirSync(staging(canceled), { recursive: true });
    writeFileSync(path.join(staging(canceled), 'left.bin'), 'left behind');
    const unknown = randomUUID();
    mkdirSync(staging(unknown), { recursive: true });
    writeFileSync(path.join(staging(unknown), '.incoming-00000000000000aa'), 'orphan');

    const before = await metric('upload_sessions_cleanup_swept_total{kind="session"}');
    const report = await service.app.get(TemporaryContentSweep).sweep();

    expect([...report.removedSessions].sort()).toEqual([canceled, unknown].sort());
    expect(report.removedPartialFiles).toBe(1);
    expect(report.committedSessions).toEqual([]);
    expect(existsSync(staging(canceled))).toBe(false);
    expect(existsSync(staging(unknown))).toBe(false);
    expect(readdirSync(staging(active)).sort()).toEqual(['.incoming-fedcba9876543210', 'disk.iso']);
    const logged = service.logs.filter((l) => l['msg'] === 'temporary content swept');
    expect(logged).toHaveLength(1);
    expect(logged[0]?.['removedPartialFiles']).toBe(1);
    expect(await metric('upload_sessions_cleanup_swept_total{kind="session"}')).toBe(before + 2);
    expect(await metric('upload_sessions_cleanup_swept_total{kind="partial_file"}')).toBe(1);

    // Nothing left to do: the next sweep removes nothing and logs nothing.
    const again = await service.app.get(TemporaryContentSweep).sweep();
    expect([again.removedSessions.length, again.removedPartialFiles]).toEqual([0, 0]);
    expect(service.logs.filter((l) => l['msg'] === 'temporary content swept')).toHaveLength(1);
    expect(await metric('upload_sessions_cleanup_sweeps_total')).toBe(2);
  });
});
