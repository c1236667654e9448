import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { BvClient, rpcCode } from '../blendvision/bv-client';
import { cancel, FILES, putAllParts, startUpload } from '../blendvision/bv-flow';
import { startBvService, type BvService } from '../blendvision/bv-service';
import { BvSpec } from '../blendvision/bv-spec';
import { waitFor } from '../blendvision/wait-for';
import {
  addFile,
  createItem,
  createSession,
  errorType,
  getSession,
  putBytes,
  sessionsUrl,
  sessionUrl,
} from '../fixtures';
import { VsphereClient } from '../http-client';
import { VendorSpec } from '../vendor-spec';

/**
 * The event store becomes unavailable under a running service: commands of both dialects answer the
 * dialect's "unavailable" error (vSphere 503 SERVICE_UNAVAILABLE, BlendVision 503 google.rpc code 14),
 * never a 500, and change nothing; once the store is back the same requests succeed without a
 * restart, and the read models and the content clean-up carry on from where they were.
 *
 * Two faults on the SQLite file:
 * - locked: another connection holds an exclusive transaction (past the store's busy timeout);
 * - read-only: the WAL file is made immutable (chattr +i; file modes do not stop root), so every
 *   write fails with an I/O error. Skipped, with the reason printed, where chattr is not permitted.
 */

interface Fault {
  apply(): void;
  release(): void;
}

const lockFault = (eventsPath: string): Fault => {
  let holder: DatabaseSync | undefined;
  return {
    apply: () => {
      holder = new DatabaseSync(eventsPath);
      holder.exec('BEGIN EXCLUSIVE');
    },
    release: () => {
      holder?.exec('ROLLBACK');
      holder?.close();
    },
  };
};

const readOnlyFault = (eventsPath: string): Fault => ({
  apply: () => execFileSync('chattr', ['+i', `${eventsPath}-wal`]),
  release: () => execFileSync('chattr', ['-i', `${eventsPath}-wal`]),
});

const chattrProblem = ((): string | undefined => {
  try {
    const probe = path.join(__dirname, `.chattr-probe-${process.pid}`);
    execFileSync(
      'sh',
      ['-c', `: > '${probe}' && chattr +i '${probe}' && chattr -i '${probe}'; rm -f '${probe}'`],
      {
        stdio: 'pipe',
      },
    );
    return undefined;
  } catch (error) {
    return `chattr +i is not permitted here (${(error as Error).message.split('\n')[0]})`;
  }
})();

const countEvents = (eventsPath: string): number => {
  const db = new DatabaseSync(eventsPath, { readOnly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

// A locked file makes each write wait out the store's busy timeout (5 s, blocking the event loop).
jest.setTimeout(120_000);

describe.each([
  ['locked by another connection', lockFault, undefined],
  ['read-only (immutable WAL file)', readOnlyFault, chattrProblem],
] as const)('event store %s', (_name, makeFault, problem) => {
  let service: BvService;
  let vsphere: VsphereClient;
  let bv: BvClient;

  beforeAll(async () => {
    if (problem !== undefined) return;
    service = await startBvService({ EXPIRY_SWEEP_INTERVAL_SECONDS: '3600' });
    vsphere = new VsphereClient(service.baseUrl, VendorSpec.load());
    expect((await vsphere.login(service.vsphereUser.username, service.vsphereUser.password)).status).toBe(
      201,
    );
    bv = new BvClient(service.baseUrl, BvSpec.load(), service.tokens.acme.token, service.orgs.a);
  });
  afterAll(async () => {
    if (problem === undefined) await service.stop();
  });

  (problem === undefined ? it : it.skip)(
    'answers 503 in each dialect, changes nothing, and recovers by itself',
    async () => {
      const eventsPath = path.join(service.dataDir, 'events.sqlite');
      // Before the fault: a vSphere session with one received file and one still to come; a BlendVision upload.
      const itemId = await createItem(vsphere);
      const sessionId = await createSession(vsphere, itemId);
      const freeItemId = await createItem(vsphere);
      const received = await addFile(vsphere, sessionId, { name: 'a.bin' });
      expect((await putBytes(vsphere, received.upload_endpoint!.uri, 'aaaa')).status).toBe(200);
      const pending = await addFile(vsphere, sessionId, { name: 'b.bin' });
      const data = randomBytes(service.partSize + 5);
      const upload = await startUpload(bv, data.length);
      const etags = await putAllParts(bv, upload, data, service.partSize);
      const before = countEvents(eventsPath);
      const statusBefore = await getSession(vsphere, sessionId);

      const fault = makeFault(eventsPath);
      fault.apply();
      let outcomes: { what: string; status: number; body: unknown }[];
      try {
        // In parallel: a locked store is waited out once per group commit rather than once per request.
        const requests: [string, Promise<{ status: number; body: unknown }>][] = [
          ['vSphere cancel', vsphere.request('POST', `${sessionUrl(sessionId)}?action=cancel`)],
          [
            'vSphere create session',
            vsphere.request('POST', sessionsUrl, { json: { library_item_id: freeItemId } }),
          ],
          ['vSphere PUT bytes', putBytes(vsphere, pending.upload_endpoint!.uri, 'bbbb')],
          ['vSphere PUT again', putBytes(vsphere, received.upload_endpoint!.uri, 'zzzz')],
          [
            'BlendVision complete',
            bv.request('POST', `${FILES}/${upload.file.id}:complete-upload`, {
              json: { complete_data: { id: upload.uploadId, parts: etags } },
            }),
          ],
          [
            'BlendVision upload',
            bv.request('POST', `${FILES}:upload`, {
              json: {
                file: {
                  type: 'FILE_TYPE_VIDEO',
                  source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
                  name: 'x.mp4',
                  size: '10',
                },
              },
            }),
          ],
        ];
        outcomes = await Promise.all(requests.map(async ([what, request]) => ({ what, ...(await request) })));
        // Still under the fault: nothing was written.
        expect(countEvents(eventsPath)).toBe(before);
      } finally {
        fault.release();
      }

      for (const { what, status, body } of outcomes) {
        expect([what, status]).toEqual([what, 503]);
        if (what.startsWith('vSphere'))
          expect([what, errorType(body)]).toEqual([what, 'SERVICE_UNAVAILABLE']);
        else expect([what, rpcCode(body)]).toEqual([what, 14]);
      }
      console.log(
        `event store ${_name}: ${outcomes.length} commands answered 503 (${outcomes.map((o) => o.what).join(', ')}); events unchanged (${before})`,
      );
      // The bytes of the refused PUT belong to nothing and are gone; the session is as it was.
      expect(existsSync(path.join(service.contentDir, 'tmp', sessionId, 'b.bin'))).toBe(false);
      // A file already received keeps the bytes its recorded content names, not the refused ones.
      expect(readFileSync(path.join(service.contentDir, 'tmp', sessionId, 'a.bin'), 'utf8')).toBe('aaaa');
      expect(await getSession(vsphere, sessionId)).toEqual(statusBefore);

      // The store is back: the same requests succeed, no restart.
      expect((await putBytes(vsphere, pending.upload_endpoint!.uri, 'bbbb')).status).toBe(200);
      const done = await bv.request('POST', `${FILES}/${upload.file.id}:complete-upload`, {
        json: { complete_data: { id: upload.uploadId, parts: etags } },
      });
      expect(done.status).toBe(200);
      expect((await vsphere.request('POST', `${sessionUrl(sessionId)}?action=cancel`)).status).toBe(204);
      // Read models and the clean-up processor resumed: the reads see the writes, the bytes are deleted.
      expect((await getSession(vsphere, sessionId))['state']).toBe('CANCELED');
      expect(
        ((await bv.request('GET', `${FILES}/${upload.file.id}`)).body as { file: { status: string } }).file
          .status,
      ).toBe('FILE_STATUS_SUCCEED');
      await waitFor(
        'the canceled bytes to be deleted',
        () => !existsSync(path.join(service.contentDir, 'tmp', sessionId)),
      );
      expect((await fetch(`${service.baseUrl}/health/ready`)).status).toBe(200);
      expect(service.logs.filter((l) => l['status'] === 500)).toEqual([]);
      expect((await cancel(bv, upload.file.id, upload.uploadId)).status).toBe(400);
    },
  );

  if (problem !== undefined) {
    it('reports why the fault cannot be made here', () => {
      console.log(`skipped: event store read-only fault: ${problem}`);
      expect(problem).toContain('chattr');
    });
  }
});
