import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeCredentials, startChildService, type ChildService } from '../support/service-child';
import { BvClient, rpcCode } from '../blendvision/bv-client';
import { cancel, complete, startUpload } from '../blendvision/bv-flow';
import { startBvService, type BvService } from '../blendvision/bv-service';
import { BvSpec } from '../blendvision/bv-spec';
import { addFile, createSession, errorType, getSession, putBytes, sessionUrl, filesUrl } from '../fixtures';
import { VsphereClient } from '../http-client';
import { VendorSpec } from '../vendor-spec';

/**
 * The content store fails during an upload: the PUT answers the dialect's "unavailable" error (vSphere
 * 503 SERVICE_UNAVAILABLE, BlendVision 503 code 14), nothing is recorded, no partial bytes stay, and
 * the session can still be retried, completed or canceled.
 *
 * - unwritable: the content folder's staging directory is replaced by a plain file (file modes do not
 *   stop root), so creating a session's folder fails;
 * - disk full: the service runs in a child process whose content folder is a 256 KiB tmpfs mounted in
 *   a private user and mount namespace (unshare -rm); a 1 MiB upload runs out of space half-way.
 *   Skipped, with the reason printed, where unprivileged namespaces are not allowed.
 */

const fileOf = async (client: VsphereClient, sessionId: string, name: string) => {
  const response = await client.request('GET', `${filesUrl(sessionId)}/${name}`);
  expect(response.status).toBe(200);
  return response.body as { status: string; bytes_transferred: number };
};

describe('content directory unwritable during an upload', () => {
  let service: BvService;
  let vsphere: VsphereClient;
  let bv: BvClient;
  beforeAll(async () => {
    service = await startBvService({ EXPIRY_SWEEP_INTERVAL_SECONDS: '3600' });
    vsphere = new VsphereClient(service.baseUrl, VendorSpec.load());
    expect((await vsphere.login(service.vsphereUser.username, service.vsphereUser.password)).status).toBe(
      201,
    );
    bv = new BvClient(service.baseUrl, BvSpec.load(), service.tokens.acme.token, service.orgs.a);
  });
  afterAll(async () => service.stop());

  it('fails the PUT cleanly in both dialects; the sessions stay usable', async () => {
    const sessionId = await createSession(vsphere);
    const file = await addFile(vsphere, sessionId, { name: 'disk.iso' });
    const data = randomBytes(service.partSize);
    const upload = await startUpload(bv, data.length);
    const staging = path.join(service.contentDir, 'tmp');
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(service.contentDir, { recursive: true });
    writeFileSync(staging, 'not a folder');
    try {
      const put = await putBytes(vsphere, file.upload_endpoint!.uri, 'some bytes');
      expect([put.status, errorType(put.body)]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      const part = await bv.putPart(upload.parts[0]!.presigned_url, data);
      expect([part.status, rpcCode(part.body)]).toEqual([503, 14]);
    } finally {
      rmSync(staging, { force: true });
    }
    // Nothing was recorded: the file still waits for its bytes.
    expect(await fileOf(vsphere, sessionId, 'disk.iso')).toMatchObject({
      status: 'WAITING_FOR_TRANSFER',
      bytes_transferred: 0,
    });
    expect((await getSession(vsphere, sessionId))['state']).toBe('ACTIVE');

    // Writable again: the same PUTs succeed and the sessions complete and cancel as usual.
    expect((await putBytes(vsphere, file.upload_endpoint!.uri, 'some bytes')).status).toBe(200);
    expect((await vsphere.request('POST', `${sessionUrl(sessionId)}?action=complete`)).status).toBe(204);
    const part = await bv.putPart(upload.parts[0]!.presigned_url, data);
    expect(part.status).toBe(200);
    expect((await cancel(bv, upload.file.id, upload.uploadId)).status).toBe(200);
    expect(service.logs.filter((l) => l['status'] === 500)).toEqual([]);
  });
});

const unshareProblem = ((): string | undefined => {
  const probe = mkdtempSync(path.join(tmpdir(), 'unshare-probe-'));
  try {
    execFileSync('unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs '${probe}'`], {
      stdio: 'pipe',
    });
    return undefined;
  } catch (error) {
    return `unshare -rm with a tmpfs mount is not permitted here (${(error as Error).message.split('\n')[0]})`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

// The child compiles the service from source: seconds to start.
jest.setTimeout(90_000);

describe('disk full during an upload (tmpfs content folder)', () => {
  let dataDir: string;
  let service: ChildService | undefined;
  afterEach(async () => {
    await service?.kill();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  (unshareProblem === undefined ? it : it.skip)(
    'fails the PUT with 503 in both dialects, frees the space, and the sessions stay usable',
    async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'disk-full-'));
      const contentDir = path.join(dataDir, 'content');
      mkdirSync(contentDir);
      const credentials = await makeCredentials();
      const partSize = 192 * 1024;
      service = await startChildService(
        dataDir,
        credentials,
        {
          BV_PART_SIZE_BYTES: String(partSize),
          CONTENT_DIR: contentDir,
          EXPIRY_SWEEP_INTERVAL_SECONDS: '3600',
        },
        // $0 is node, "$@" its arguments: the mount is private to the child.
        ['unshare', '-rm', 'sh', '-c', `mount -t tmpfs -o size=256k tmpfs '${contentDir}' && exec "$0" "$@"`],
      );
      const vsphere = new VsphereClient(service.baseUrl, VendorSpec.load());
      expect((await vsphere.login(credentials.vsphere.username, credentials.vsphere.password)).status).toBe(
        201,
      );
      const bv = new BvClient(
        service.baseUrl,
        BvSpec.load(),
        credentials.bv.token,
        credentials.bv.organizationId,
      );

      const sessionId = await createSession(vsphere);
      const big = await addFile(vsphere, sessionId, { name: 'big.iso' });
      const small = await addFile(vsphere, sessionId, { name: 'small.iso' });
      const full = await putBytes(vsphere, big.upload_endpoint!.uri, randomBytes(1024 * 1024));
      expect([full.status, errorType(full.body)]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      expect(await fileOf(vsphere, sessionId, 'big.iso')).toMatchObject({ bytes_transferred: 0 });

      // The partial bytes were deleted: 200 KiB fit again in the 256 KiB folder (they would not beside
      // a leftover of the failed PUT).
      expect((await putBytes(vsphere, small.upload_endpoint!.uri, randomBytes(200 * 1024))).status).toBe(200);
      // BlendVision: a part larger than the space left fails the same way.
      const data = randomBytes(partSize);
      const upload = await startUpload(bv, data.length);
      const part = await bv.putPart(upload.parts[0]!.presigned_url, data);
      expect([part.status, rpcCode(part.body)]).toEqual([503, 14]);
      // Canceling the vSphere session frees its 200 KiB: the part now fits and the upload completes.
      expect((await vsphere.request('POST', `${sessionUrl(sessionId)}?action=cancel`)).status).toBe(204);
      const retried = await bv.putPart(upload.parts[0]!.presigned_url, data);
      expect(retried.status).toBe(200);
      const done = await complete(bv, upload.file.id, upload.uploadId, [
        { part_number: 1, etag: retried.headers.get('etag')! },
      ]);
      expect(done.status).toBe(200);
      expect(service.logs.filter((l) => l['status'] === 500)).toEqual([]);
      // The host sees an empty folder: the tmpfs lived in the child's namespace only.
      expect(readdirSync(contentDir)).toEqual([]);
      console.log(
        'disk full: vSphere PUT and BlendVision part PUT answered 503; space freed; retry, cancel and complete succeeded',
      );
    },
  );

  if (unshareProblem !== undefined) {
    it('reports why the fault cannot be made here', () => {
      console.log(`skipped: disk full: ${unshareProblem}`);
      expect(unshareProblem).toContain('unshare');
    });
  }
});
