import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { BvClient } from '../blendvision/bv-client';
import { FILES, startUpload, uploadFile } from '../blendvision/bv-flow';
import { BvSpec } from '../blendvision/bv-spec';
import { waitFor } from '../blendvision/wait-for';
import { addFile, createItem, createSession, putBytes, sessionUrl } from '../fixtures';
import { VsphereClient } from '../http-client';
import { VendorSpec } from '../vendor-spec';
import { CLEAN_UP_CHECKPOINT } from '@upload-sessions/read-side/clean-up/content-clean-up-processor';
import {
  makeCredentials,
  startChildService,
  type ChildCredentials,
  type ChildService,
} from '../support/service-child';

/**
 * Kill -9 between an event and the content deletion it calls for: the service (a child process) dies
 * right after the cancel / file deletion commits (FAULT_KILL_AFTER_APPEND), so the handler's inline
 * deletion never runs. After a restart, the clean-up processor deletes the content from the log. The
 * same for bytes recorded but not yet placed, and a completion not yet committed: the sweep finishes both.
 */
// Each start compiles the service from source in a fresh child process: seconds, not milliseconds.
jest.setTimeout(90_000);

describe('content survives kill -9 between an event and its file-system work', () => {
  let dataDir: string;
  let credentials: ChildCredentials;
  let service: ChildService | undefined;
  const contentDir = (): string => path.join(dataDir, 'content');
  const partSize = 64 * 1024;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'clean-up-kill9-'));
    credentials = await makeCredentials();
  });
  afterEach(async () => {
    await service?.kill();
    service = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string> = {}): Promise<ChildService> => {
    service = await startChildService(dataDir, credentials, {
      BV_PART_SIZE_BYTES: String(partSize),
      // No sweep during the test: the processor alone must delete.
      EXPIRY_SWEEP_INTERVAL_SECONDS: '3600',
      ...env,
    });
    return service;
  };

  const eventTypes = (streamName: string): string[] => {
    const db = new DatabaseSync(path.join(dataDir, 'events.sqlite'), { readOnly: true });
    try {
      return (
        db.prepare('SELECT type FROM events WHERE stream_name = ? ORDER BY revision').all(streamName) as {
          type: string;
        }[]
      ).map((row) => row.type);
    } finally {
      db.close();
    }
  };

  const checkpointEvents = (): number => {
    const db = new DatabaseSync(path.join(dataDir, 'read-models.sqlite'), { readOnly: true });
    try {
      const row = db
        .prepare('SELECT events FROM projection_checkpoints WHERE name = ?')
        .get(CLEAN_UP_CHECKPOINT) as { events: number } | undefined;
      return row?.events ?? 0;
    } finally {
      db.close();
    }
  };

  it('vSphere: a cancel whose deletion a crash cut off leaves no bytes once the service is back', async () => {
    const first = await start({ FAULT_KILL_AFTER_APPEND: 'UploadSessionCanceled' });
    const client = new VsphereClient(first.baseUrl, VendorSpec.load());
    expect((await client.login(credentials.vsphere.username, credentials.vsphere.password)).status).toBe(201);
    const sessionId = await createSession(client);
    const file = await addFile(client, sessionId, { name: 'disk.iso' });
    expect((await putBytes(client, file.upload_endpoint!.uri, randomBytes(4096))).status).toBe(200);
    const staged = path.join(contentDir(), 'tmp', sessionId);
    expect(readdirSync(staged)).toEqual(['disk.iso']);

    // The cancel commits, then the process dies before answering or deleting anything.
    await expect(client.request('POST', `${sessionUrl(sessionId)}?action=cancel`)).rejects.toThrow();
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(eventTypes(`upload-session-${sessionId}`).at(-1)).toBe('UploadSessionCanceled');
    expect(existsSync(staged)).toBe(true);

    await start();
    await waitFor('the processor to delete the canceled bytes', () => !existsSync(staged), 15_000);
    expect(checkpointEvents()).toBeGreaterThanOrEqual(1);
  });

  it('vSphere: bytes a crash left between recording and placing, and between completing and committing, end in place', async () => {
    const first = await start({ FAULT_KILL_AFTER_APPEND: 'UploadSessionContentReceived' });
    const client = new VsphereClient(first.baseUrl, VendorSpec.load());
    expect((await client.login(credentials.vsphere.username, credentials.vsphere.password)).status).toBe(201);
    const itemId = await createItem(client);
    const sessionId = await createSession(client, itemId);
    const file = await addFile(client, sessionId, { name: 'disk.iso' });
    const bytes = randomBytes(5000);
    // Recorded, then killed before the bytes take the file's name.
    await expect(putBytes(client, file.upload_endpoint!.uri, bytes)).rejects.toThrow();
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const staged = path.join(contentDir(), 'tmp', sessionId);
    expect(readdirSync(staged).filter((name) => name === 'disk.iso')).toEqual([]);

    // The sweep places them; then a completion is killed before the item's commit.
    const second = await start({
      FAULT_KILL_AFTER_APPEND: 'UploadSessionCompleted',
      EXPIRY_SWEEP_INTERVAL_SECONDS: '1',
    });
    await waitFor(
      'the sweep to place the recorded bytes',
      () => existsSync(path.join(staged, 'disk.iso')),
      15_000,
    );
    expect(readFileSync(path.join(staged, 'disk.iso')).equals(bytes)).toBe(true);
    const again = new VsphereClient(second.baseUrl, VendorSpec.load());
    expect((await again.login(credentials.vsphere.username, credentials.vsphere.password)).status).toBe(201);
    await expect(again.request('POST', `${sessionUrl(sessionId)}?action=complete`)).rejects.toThrow();
    expect(await second.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(eventTypes(`upload-session-${sessionId}`).at(-1)).toBe('UploadSessionCompleted');
    expect(existsSync(path.join(contentDir(), 'items', itemId))).toBe(false);

    // The next start's sweep commits them as the item's new content version.
    await start({ EXPIRY_SWEEP_INTERVAL_SECONDS: '1' });
    await waitFor('the sweep to commit the completed bytes', () => !existsSync(staged), 15_000);
    const versions = readdirSync(path.join(contentDir(), 'items', itemId));
    expect(versions).toHaveLength(1);
    expect(
      readFileSync(path.join(contentDir(), 'items', itemId, versions[0]!, 'disk.iso')).equals(bytes),
    ).toBe(true);
    expect(eventTypes(`library-item-${itemId}`)).toContain('LibraryItemContentCommitted');
  });

  it('BlendVision: a file deletion whose content removal a crash cut off leaks nothing', async () => {
    const first = await start({ FAULT_KILL_AFTER_APPEND: 'BvFileDeleted' });
    const client = new BvClient(
      first.baseUrl,
      BvSpec.load(),
      credentials.bv.token,
      credentials.bv.organizationId,
    );
    const data = randomBytes(2 * partSize + 10);
    const file = await uploadFile(client, data, partSize);
    const content = path.join(contentDir(), 'items', file.id);
    expect(readdirSync(path.join(content, 'v1'))).toHaveLength(3);
    // An upload canceled by the crash too: its staged part must go as well.
    const pending = await startUpload(client, data.length);
    const part = pending.parts[0]!;
    expect((await client.putPart(part.presigned_url, data.subarray(0, partSize))).status).toBe(200);
    const staged = path.join(contentDir(), 'tmp', pending.uploadId);
    expect(existsSync(staged)).toBe(true);

    await expect(client.request('DELETE', `${FILES}/${file.id}`)).rejects.toThrow();
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(eventTypes(`bv-file-${file.id}`).at(-1)).toBe('BvFileDeleted');
    expect(existsSync(content)).toBe(true);

    const second = await start({ FAULT_KILL_AFTER_APPEND: 'UploadSessionCanceled' });
    await waitFor('the processor to delete the deleted file', () => !existsSync(content), 15_000);
    // Same crash on the cancel of an upload in progress (DELETE cancels its upload first).
    const client2 = client.as(credentials.bv.token, credentials.bv.organizationId);
    (client2 as { baseUrl: string }).baseUrl = second.baseUrl;
    await expect(client2.request('DELETE', `${FILES}/${pending.file.id}`)).rejects.toThrow();
    expect(await second.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(existsSync(staged)).toBe(true);

    await start();
    await waitFor('the processor to delete the canceled upload', () => !existsSync(staged), 15_000);
  });
});
