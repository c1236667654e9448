import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { TemporaryContentSweep } from '@upload-sessions/read-side/clean-up/temporary-content-sweep';
import { describeEachBackend } from './backends';
import {
  addFile,
  createSession,
  errorType,
  filesUrl,
  getSession,
  putBytes,
  sessionUrl,
  type FileInfo,
} from './fixtures';
import { streamingPut, VsphereClient } from './http-client';
import { startService, type RunningService } from './service-harness';
import { VendorSpec } from './vendor-spec';

const spec = VendorSpec.load();
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const sha1 = (data: string | Buffer) => createHash('sha1').update(data).digest('hex');

/** Polls until `check` holds (the service works concurrently with the test), failing after ~10 s. */
const eventually = async <T>(probe: () => Promise<T>, check: (value: T) => boolean): Promise<T> => {
  for (let attempt = 0; ; attempt++) {
    const value = await probe();
    if (check(value) || attempt >= 200) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describeEachBackend('update session files over HTTP', (env) => {
  let service: RunningService;
  let client: VsphereClient;
  const staged = (sessionId: string): string[] => {
    const dir = path.join(service.contentDir, 'tmp', sessionId);
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  beforeAll(async () => {
    service = await startService({ env });
    client = new VsphereClient(service.baseUrl, spec);
    const alice = service.users!.alice;
    await client.login(alice.username, alice.password);
  });
  afterAll(async () => service?.stop());

  describe('add', () => {
    it('answers 201 with the file info and an upload URI on this service', async () => {
      const id = await createSession(client);
      const response = await client.request('POST', filesUrl(id), {
        json: {
          name: 'disk-0.vmdk',
          source_type: 'PUSH',
          size: 10,
          checksum_info: { algorithm: 'SHA1', checksum: sha1('0123456789') },
        },
      });
      expect(response.status).toBe(201);
      const file = response.body as FileInfo;
      expect(file).toMatchObject({
        name: 'disk-0.vmdk',
        source_type: 'PUSH',
        size: 10,
        bytes_transferred: 0,
        status: 'WAITING_FOR_TRANSFER',
      });
      expect(
        file.upload_endpoint?.uri.startsWith(`${service.baseUrl}/cls/data/${id}/disk-0.vmdk?token=`),
      ).toBe(true);
    });

    it('answers 400 for a duplicate name, a bad name, a wrong type and malformed JSON', async () => {
      const id = await createSession(client);
      await addFile(client, id, { name: 'a.iso' });
      for (const body of [
        { json: { name: 'a.iso', source_type: 'PUSH' } },
        { json: { name: '../../etc/passwd', source_type: 'PUSH' } },
        { json: { name: 'b.iso', source_type: 'PUSH', size: 'big' } },
        { json: { name: 'b.iso', source_type: 'SIDEWAYS' } },
        {
          json: { name: 'b.iso', source_type: 'PUSH', checksum_info: { algorithm: 'CRC32', checksum: 'ab' } },
        },
        { raw: '{"name": "b.iso", ' },
      ]) {
        const response = await client.request('POST', filesUrl(id), body);
        expect([response.status, errorType(response.body)]).toEqual([400, 'INVALID_ARGUMENT']);
      }
    });

    it('answers 400 UNSUPPORTED for a PULL file', async () => {
      const id = await createSession(client);
      const response = await client.request('POST', filesUrl(id), {
        json: {
          name: 'remote.iso',
          source_type: 'PULL',
          source_endpoint: { uri: 'https://example.com/remote.iso' },
        },
      });
      expect([response.status, errorType(response.body)]).toEqual([400, 'UNSUPPORTED']);
    });

    it('answers 404 for an unknown session and 400 NOT_ALLOWED_IN_CURRENT_STATE when not ACTIVE', async () => {
      const unknown = await client.request('POST', filesUrl(UNKNOWN), {
        json: { name: 'a', source_type: 'PUSH' },
      });
      expect([unknown.status, errorType(unknown.body)]).toEqual([404, 'NOT_FOUND']);
      const id = await createSession(client);
      await client.request('POST', `${sessionUrl(id)}?action=cancel`);
      const ended = await client.request('POST', filesUrl(id), { json: { name: 'a', source_type: 'PUSH' } });
      expect([ended.status, errorType(ended.body)]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
    });
  });

  describe('list, get and remove', () => {
    it('lists and gets files; an unknown file name is 400 INVALID_ARGUMENT, an unknown session 404', async () => {
      const id = await createSession(client);
      await addFile(client, id, { name: 'one.txt' });
      await addFile(client, id, { name: 'two.txt', size: 3 });
      const list = await client.request('GET', filesUrl(id));
      expect(list.status).toBe(200);
      expect((list.body as FileInfo[]).map((f) => f.name)).toEqual(['one.txt', 'two.txt']);
      const one = await client.request('GET', `${filesUrl(id)}/two.txt`);
      expect([one.status, (one.body as FileInfo).size]).toEqual([200, 3]);
      const missing = await client.request('GET', `${filesUrl(id)}/three.txt`);
      expect([missing.status, errorType(missing.body)]).toEqual([400, 'INVALID_ARGUMENT']);
      const unknown = await client.request('GET', filesUrl(UNKNOWN));
      expect([unknown.status, errorType(unknown.body)]).toEqual([404, 'NOT_FOUND']);
      const unknownFile = await client.request('GET', `${filesUrl(UNKNOWN)}/one.txt`);
      expect([unknownFile.status, errorType(unknownFile.body)]).toEqual([404, 'NOT_FOUND']);
    });

    it('removes a file (204) with its bytes; removing an unknown file is 400, in an unknown session 404', async () => {
      const id = await createSession(client);
      const file = await addFile(client, id, { name: 'gone.bin' });
      expect((await putBytes(client, file.upload_endpoint!.uri, 'bytes')).status).toBe(200);
      expect(staged(id)).toEqual(['gone.bin']);
      expect((await client.request('DELETE', `${filesUrl(id)}/gone.bin`)).status).toBe(204);
      expect(staged(id)).toEqual([]);
      expect((await client.request('GET', filesUrl(id))).body).toEqual([]);
      const again = await client.request('DELETE', `${filesUrl(id)}/gone.bin`);
      expect([again.status, errorType(again.body)]).toEqual([400, 'INVALID_ARGUMENT']);
      const unknown = await client.request('DELETE', `${filesUrl(UNKNOWN)}/gone.bin`);
      expect([unknown.status, errorType(unknown.body)]).toEqual([404, 'NOT_FOUND']);
    });
  });

  describe('upload (PUT to the upload URI)', () => {
    it('stores the bytes; the file is READY with its size, checksum and bytes_transferred', async () => {
      const id = await createSession(client);
      const body = Buffer.alloc(256 * 1024, 7);
      const file = await addFile(client, id, {
        name: 'big.iso',
        size: body.length,
        checksum_info: { algorithm: 'SHA1', checksum: sha1(body) },
      });
      const put = await putBytes(client, file.upload_endpoint!.uri, body);
      expect(put.status).toBe(200);
      expect(put.headers.get('etag')).toBe(`"${createHash('sha256').update(body).digest('hex')}"`);
      const info = (await client.request('GET', `${filesUrl(id)}/big.iso`)).body as FileInfo;
      expect(info).toMatchObject({
        status: 'READY',
        bytes_transferred: body.length,
        size: body.length,
        checksum_info: { algorithm: 'SHA1', checksum: sha1(body) },
      });
      expect(readFileSync(path.join(service.contentDir, 'tmp', id, 'big.iso'))).toEqual(body);
    });

    it('fails a file whose size or checksum does not match: 400, status ERROR, validate reports it, complete refuses', async () => {
      const id = await createSession(client);
      const bad = await addFile(client, id, {
        name: 'bad.bin',
        size: 4,
        checksum_info: { algorithm: 'SHA1', checksum: sha1('abcd') },
      });
      const wrong = await putBytes(client, bad.upload_endpoint!.uri, 'abce');
      expect([wrong.status, errorType(wrong.body)]).toEqual([400, 'INVALID_ARGUMENT']);
      const info = (await client.request('GET', `${filesUrl(id)}/bad.bin`)).body as FileInfo;
      expect(info.status).toBe('ERROR');
      expect(info.error_message?.default_message).toMatch(/checksum/);
      const longer = await putBytes(client, bad.upload_endpoint!.uri, 'abcdef');
      expect([longer.status, errorType(longer.body)]).toEqual([400, 'INVALID_ARGUMENT']);
      const validation = await client.request('POST', `${filesUrl(id)}?action=validate`);
      expect(validation.status).toBe(200);
      expect(validation.body).toMatchObject({
        has_errors: true,
        missing_files: [],
        invalid_files: [{ name: 'bad.bin' }],
      });
      const complete = await client.request('POST', `${sessionUrl(id)}?action=complete`);
      expect([complete.status, errorType(complete.body)]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
      // A correct upload replaces the bad one.
      expect((await putBytes(client, bad.upload_endpoint!.uri, 'abcd')).status).toBe(200);
      expect((await client.request('POST', `${filesUrl(id)}?action=validate`)).body).toEqual({
        has_errors: false,
        missing_files: [],
        invalid_files: [],
      });
    });

    it('refuses a forged or foreign token (401) and accepts the session header instead of a token', async () => {
      const id = await createSession(client);
      const file = await addFile(client, id, { name: 'f.txt' });
      const uri = new URL(file.upload_endpoint!.uri);
      const forged = await putBytes(
        client,
        `${uri.origin}${uri.pathname}?token=${uri.searchParams.get('token')!.replace(/.$/, 'x')}`,
        'x',
      );
      expect([forged.status, errorType(forged.body)]).toEqual([401, 'UNAUTHENTICATED']);
      const other = await addFile(client, id, { name: 'g.txt' });
      const swapped = await putBytes(
        client,
        `${uri.origin}${uri.pathname}${new URL(other.upload_endpoint!.uri).search}`,
        'x',
      );
      expect([swapped.status, errorType(swapped.body)]).toEqual([401, 'UNAUTHENTICATED']);
      const none = await putBytes(client, `${uri.origin}${uri.pathname}`, 'x');
      expect([none.status, errorType(none.body)]).toEqual([401, 'UNAUTHENTICATED']);
      const withHeader = await fetch(`${uri.origin}${uri.pathname}`, {
        method: 'PUT',
        body: 'hello',
        headers: { 'vmware-api-session-id': client.token! },
      });
      expect(withHeader.status).toBe(200);
    });

    it('refuses bytes for a file that is not in the session (400) and for an ended session (400)', async () => {
      const id = await createSession(client);
      const file = await addFile(client, id, { name: 'f.txt' });
      const uri = new URL(file.upload_endpoint!.uri);
      const elsewhere = await fetch(`${uri.origin}/cls/data/${id}/other.txt`, {
        method: 'PUT',
        body: 'x',
        headers: { 'vmware-api-session-id': client.token! },
      });
      expect(elsewhere.status).toBe(400);
      client.check('PUT', `/cls/data/${id}/other.txt`, elsewhere.status, await elsewhere.json());
      await client.request('POST', `${sessionUrl(id)}?action=cancel`);
      const ended = await putBytes(client, file.upload_endpoint!.uri, 'x');
      expect([ended.status, errorType(ended.body)]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
      expect(staged(id)).toEqual([]);
    });

    it('aborts an upload in flight when the session is canceled: the PUT fails and its bytes are gone', async () => {
      const id = await createSession(client);
      const file = await addFile(client, id, { name: 'slow.iso', size: 10 * 1024 * 1024 });
      const source = new PassThrough();
      const put = streamingPut(file.upload_endpoint!.uri, source);
      source.write(Buffer.alloc(256 * 1024, 1));
      // The service reports the transfer while it is in flight.
      const transferring = await eventually(
        async () => (await client.request('GET', `${filesUrl(id)}/slow.iso`)).body as FileInfo,
        (info) => info.status === 'TRANSFERRING' && info.bytes_transferred > 0,
      );
      expect(transferring.status).toBe('TRANSFERRING');
      expect(transferring.bytes_transferred).toBeGreaterThan(0);
      expect(readdirSync(path.join(service.contentDir, 'tmp', id)).length).toBe(1);

      expect((await client.request('POST', `${sessionUrl(id)}?action=cancel`)).status).toBe(204);
      const result = await put;
      if ('error' in result) {
        // The service may close the connection before the client reads the answer; either way it ended.
        expect(result.error).toBeInstanceOf(Error);
      } else {
        expect(result.status).toBe(400);
        expect(errorType(result.body)).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
        client.check('PUT', `/cls/data/${id}/slow.iso`, result.status, result.body);
      }
      expect((await getSession(client, id))['state']).toBe('CANCELED');
      expect(existsSync(path.join(service.contentDir, 'tmp', id))).toBe(false);
    });

    it('aborts an upload in flight when its file is removed', async () => {
      const id = await createSession(client);
      const file = await addFile(client, id, { name: 'dropped.iso' });
      const source = new PassThrough();
      const put = streamingPut(file.upload_endpoint!.uri, source);
      source.write(Buffer.alloc(64 * 1024, 1));
      await eventually(
        async () => (await client.request('GET', `${filesUrl(id)}/dropped.iso`)).body as FileInfo,
        (info) => info.status === 'TRANSFERRING',
      );
      expect((await client.request('DELETE', `${filesUrl(id)}/dropped.iso`)).status).toBe(204);
      const result = await put;
      expect('error' in result || result.status === 400).toBe(true);
      expect(
        await eventually(
          async () => staged(id),
          (files) => files.length === 0,
        ),
      ).toEqual([]);
      expect((await getSession(client, id))['state']).toBe('ACTIVE');
    });

    it('answers a second concurrent PUT of the same file with RESOURCE_BUSY', async () => {
      const id = await createSession(client);
      const file = await addFile(client, id, { name: 'once.bin' });
      const source = new PassThrough();
      const first = streamingPut(file.upload_endpoint!.uri, source);
      source.write(Buffer.alloc(1024, 1));
      await eventually(
        async () => (await client.request('GET', `${filesUrl(id)}/once.bin`)).body as FileInfo,
        (info) => info.status === 'TRANSFERRING',
      );
      const second = await putBytes(client, file.upload_endpoint!.uri, 'x');
      expect([second.status, errorType(second.body)]).toEqual([500, 'RESOURCE_BUSY']);
      source.end(Buffer.alloc(1024, 2));
      const done = await first;
      expect('status' in done && done.status).toBe(200);
      expect(((await client.request('GET', `${filesUrl(id)}/once.bin`)).body as FileInfo).size).toBe(2048);
    });
  });

  describe('validate', () => {
    it('lists missing files (200), answers 400 when not ACTIVE and 404 when unknown', async () => {
      const id = await createSession(client);
      await addFile(client, id, { name: 'later.bin' });
      const result = await client.request('POST', `${filesUrl(id)}?action=validate`);
      expect([result.status, result.body]).toEqual([
        200,
        { has_errors: true, missing_files: ['later.bin'], invalid_files: [] },
      ]);
      await client.request('POST', `${sessionUrl(id)}?action=cancel`);
      const ended = await client.request('POST', `${filesUrl(id)}?action=validate`);
      expect([ended.status, errorType(ended.body)]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
      const unknown = await client.request('POST', `${filesUrl(UNKNOWN)}?action=validate`);
      expect([unknown.status, errorType(unknown.body)]).toEqual([404, 'NOT_FOUND']);
    });
  });

  describe('content of ended sessions', () => {
    it('deletes the received bytes when a session is canceled or failed', async () => {
      for (const action of ['cancel', 'fail'] as const) {
        const id = await createSession(client);
        const file = await addFile(client, id, { name: 'data.bin' });
        expect((await putBytes(client, file.upload_endpoint!.uri, 'some bytes')).status).toBe(200);
        expect(staged(id)).toEqual(['data.bin']);
        const response = await client.request(
          'POST',
          `${sessionUrl(id)}?action=${action}`,
          action === 'fail' ? { json: { client_error_message: 'gave up' } } : {},
        );
        expect(response.status).toBe(204);
        expect(existsSync(path.join(service.contentDir, 'tmp', id))).toBe(false);
      }
    });

    it('deletes bytes left behind by an interrupted cancel on the next sweep (no leak after a crash)', async () => {
      const id = await createSession(client);
      expect((await client.request('POST', `${sessionUrl(id)}?action=cancel`)).status).toBe(204);
      // As if the service had died between recording the cancel and deleting the bytes.
      const dir = path.join(service.contentDir, 'tmp', id);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'orphan.bin'), 'left behind');
      await service.app.get(TemporaryContentSweep).sweep();
      expect(existsSync(dir)).toBe(false);
    });
  });
});
