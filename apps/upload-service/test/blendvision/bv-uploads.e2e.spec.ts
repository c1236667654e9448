import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeEachStore } from './bv-backends';
import { BvClient, rpcCode } from './bv-client';
import {
  cancel,
  complete,
  FILES,
  getFile,
  partOf,
  putAllParts,
  startUpload,
  uploadFile,
  type FileBody,
} from './bv-flow';
import { startBvService, type BvService } from './bv-service';
import { BvSpec } from './bv-spec';
import { chunkedPut, slowPut } from './slow-put';
import { waitFor } from './wait-for';
import { TemporaryContentSweep } from '@upload-sessions/read-side/clean-up/temporary-content-sweep';
import { PartUrlSigner } from '@upload-sessions/dialect-blendvision/uploads/part-url-signer';

const reasonOf = (body: unknown): unknown =>
  (body as { details?: { reason?: unknown }[] }).details?.[0]?.reason;
const statusOf = async (client: BvClient, fileId: string): Promise<unknown> =>
  ((await getFile(client, fileId)).body as { file?: FileBody }).file?.status;

describeEachStore('BlendVision multipart uploads over HTTP', (env) => {
  const spec = BvSpec.load();
  let service: BvService;
  let client: BvClient;
  let partSize: number;
  const stagingOf = (uploadId: string): string => path.join(service.contentDir, 'tmp', uploadId);
  const contentOf = (fileId: string): string => path.join(service.contentDir, 'items', fileId, 'v1');

  beforeAll(async () => {
    service = await startBvService(env);
    partSize = service.partSize;
    client = new BvClient(service.baseUrl, spec, service.tokens.acme.token, service.orgs.a);
  });
  afterAll(() => service.stop());

  describe('files:upload', () => {
    it('creates a PROGRESSING file and one signed part URL on this service per part', async () => {
      const size = 3 * partSize + 5;
      const upload = await startUpload(client, size, { name: 'clip.mp4', metadata: { labels: ['a'] } });
      expect(upload.file).toMatchObject({
        name: 'clip.mp4',
        size: String(size),
        type: 'FILE_TYPE_VIDEO',
        status: 'FILE_STATUS_PROGRESSING',
      });
      expect(upload.parts.map((p) => p.part_number)).toEqual([1, 2, 3, 4]);
      for (const part of upload.parts) {
        const url = new URL(part.presigned_url);
        expect(url.origin).toBe(service.baseUrl);
        expect(url.pathname).toBe(`/bv/uploads/${upload.uploadId}/parts/${part.part_number}`);
        expect(url.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
        expect(Number(url.searchParams.get('expires')) * 1000).toBeGreaterThan(Date.now());
      }
    });

    it('gives an empty file one empty part, and a size given as a number the same answer', async () => {
      const upload = await startUpload(client, 0, { size: 0 });
      expect(upload.parts.map((p) => p.part_number)).toEqual([1]);
      const put = await client.putPart(upload.parts[0]?.presigned_url ?? '', Buffer.alloc(0));
      expect(put.status).toBe(200);
      const done = await complete(client, upload.file.id, upload.uploadId, [
        { part_number: 1, etag: put.headers.get('etag') ?? '' },
      ]);
      expect(done.status).toBe(200);
      expect((done.body as { file: FileBody }).file).toMatchObject({
        size: '0',
        status: 'FILE_STATUS_SUCCEED',
      });
    });

    it.each([
      ['no file', {}],
      ['no size', { file: { type: 'FILE_TYPE_VIDEO', source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY', name: 'a' } }],
      [
        'a size that is not a number',
        {
          file: { type: 'FILE_TYPE_VIDEO', source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY', name: 'a', size: 'big' },
        },
      ],
      [
        'a negative size',
        { file: { type: 'FILE_TYPE_VIDEO', source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY', name: 'a', size: -1 } },
      ],
      [
        'an unknown type',
        {
          file: { type: 'FILE_TYPE_HOLOGRAM', source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY', name: 'a', size: '1' },
        },
      ],
      ['no source', { file: { type: 'FILE_TYPE_VIDEO', name: 'a', size: '1' } }],
      [
        'an empty name',
        { file: { type: 'FILE_TYPE_VIDEO', source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY', name: '', size: '1' } },
      ],
      [
        'labels that are not strings',
        {
          file: {
            type: 'FILE_TYPE_VIDEO',
            source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
            name: 'a',
            size: '1',
            metadata: { labels: [1] },
          },
        },
      ],
    ])('answers 400 code 3 for %s', async (_what, json) => {
      const response = await client.request('POST', `${FILES}:upload`, { json });
      expect(response.status).toBe(400);
      expect(rpcCode(response.body)).toBe(3);
    });

    it('answers 400 code 3 for malformed JSON, a body that is not an object and a wrong content type', async () => {
      for (const [raw, contentType] of [
        ['{"file": {', 'application/json'],
        ['[1, 2]', 'application/json'],
        ['file=a', 'text/plain'],
      ] as const) {
        const response = await client.request('POST', `${FILES}:upload`, { raw, contentType });
        expect([response.status, rpcCode(response.body)]).toEqual([400, 3]);
      }
    });
  });

  describe('multipart upload', () => {
    it('uploads a few MiB in several parts, completes, and keeps exactly those bytes as the file content', async () => {
      const data = randomBytes(3 * 1024 * 1024 + 1234);
      const upload = await startUpload(client, data.length);
      expect(upload.parts).toHaveLength(Math.ceil(data.length / partSize));
      expect(upload.parts.length).toBeGreaterThanOrEqual(10);
      const etags = await putAllParts(client, upload, data, partSize);
      for (const { part_number, etag } of etags) {
        const expected = createHash('sha256')
          .update(partOf(data, partSize, part_number))
          .digest('hex');
        expect(etag).toBe(`"${expected}"`);
      }
      expect(await statusOf(client, upload.file.id)).toBe('FILE_STATUS_PROGRESSING');

      const done = await complete(client, upload.file.id, upload.uploadId, etags);
      expect(done.status).toBe(200);
      const file = (done.body as { file: FileBody }).file;
      expect(file).toMatchObject({
        id: upload.file.id,
        status: 'FILE_STATUS_SUCCEED',
        size: String(data.length),
      });
      expect(Date.parse(file.updated_at)).toBeGreaterThanOrEqual(Date.parse(file.created_at));
      expect(await statusOf(client, upload.file.id)).toBe('FILE_STATUS_SUCCEED');

      // The parts, in order, are the file: nothing is left staged.
      const dir = contentOf(upload.file.id);
      const names = readdirSync(dir).sort();
      expect(names).toHaveLength(upload.parts.length);
      expect(Buffer.concat(names.map((name) => readFileSync(path.join(dir, name)))).equals(data)).toBe(true);
      expect(existsSync(stagingOf(upload.uploadId))).toBe(false);
    });

    it('accepts etags without their quotes; parts listed out of order are 400 code 3 (S3: InvalidPartOrder)', async () => {
      const data = randomBytes(2 * partSize + 10);
      const upload = await startUpload(client, data.length);
      const etags = await putAllParts(client, upload, data, partSize);
      const bare = etags.map(({ part_number, etag }) => ({ part_number, etag: etag.replace(/"/g, '') }));
      const reversed = await complete(client, upload.file.id, upload.uploadId, [...bare].reverse());
      expect([reversed.status, rpcCode(reversed.body), reasonOf(reversed.body)]).toEqual([
        400,
        3,
        'INVALID_PART_ORDER',
      ]);
      const done = await complete(client, upload.file.id, upload.uploadId, bare);
      expect(done.status).toBe(200);
    });

    it('replaces a part on a new PUT: the old etag no longer completes, the new one does', async () => {
      const data = randomBytes(2 * partSize);
      const upload = await startUpload(client, data.length);
      const first = await putAllParts(client, upload, data, partSize);
      const other = randomBytes(partSize);
      const again = await client.putPart(upload.parts[0]?.presigned_url ?? '', other);
      expect(again.status).toBe(200);
      const newEtag = again.headers.get('etag') ?? '';
      expect(newEtag).not.toBe(first[0]?.etag);

      const stale = await complete(client, upload.file.id, upload.uploadId, first);
      expect([stale.status, rpcCode(stale.body), reasonOf(stale.body)]).toEqual([400, 3, 'ETAG_MISMATCH']);
      const done = await complete(client, upload.file.id, upload.uploadId, [
        { part_number: 1, etag: newEtag },
        first[1] ?? { part_number: 2, etag: '' },
      ]);
      expect(done.status).toBe(200);
      expect(readFileSync(path.join(contentOf(upload.file.id), 'part-00001')).equals(other)).toBe(true);
    });
  });

  describe('part URLs', () => {
    it('refuses a wrong, tampered, missing or expired signature with 403 code 7, storing nothing', async () => {
      const upload = await startUpload(client, partSize);
      const good = new URL(upload.parts[0]?.presigned_url ?? '');
      const variants: URL[] = [];
      const wrongSig = new URL(good);
      wrongSig.searchParams.set('signature', 'a'.repeat(64));
      variants.push(wrongSig);
      const laterExpiry = new URL(good);
      laterExpiry.searchParams.set('expires', String(Number(good.searchParams.get('expires')) + 3600));
      variants.push(laterExpiry);
      const otherPart = new URL(good.href.replace('/parts/1?', '/parts/2?'));
      variants.push(otherPart);
      const otherUpload = new URL(good.href.replace(upload.uploadId, randomUUID()));
      variants.push(otherUpload);
      const unsigned = new URL(good);
      unsigned.search = '';
      variants.push(unsigned);
      const signer = new PartUrlSigner(Buffer.from(service.secret, 'utf8'));
      variants.push(new URL(`${service.baseUrl}${signer.sign(upload.uploadId, 1, Date.now() - 60_000)}`));
      for (const url of variants) {
        const response = await client.putPart(url.href, randomBytes(partSize));
        expect([url.href, response.status, rpcCode(response.body)]).toEqual([url.href, 403, 7]);
      }
      const expired = await client.putPart(variants[variants.length - 1]?.href ?? '', randomBytes(partSize));
      expect(reasonOf(expired.body)).toBe('PART_URL_EXPIRED');
      expect(existsSync(stagingOf(upload.uploadId))).toBe(false);
      // The URL the service signed still works.
      expect((await client.putPart(good.href, randomBytes(partSize))).status).toBe(200);
    });

    it('takes a part of any length up to its file, refuses a longer one with 400 code 3, and a part PUT after the upload ended with code 9', async () => {
      const upload = await startUpload(client, 2 * partSize);
      const url = upload.parts[0]?.presigned_url ?? '';
      const long = await client.putPart(url, randomBytes(2 * partSize + 1));
      expect([long.status, rpcCode(long.body), reasonOf(long.body)]).toEqual([400, 3, 'PART_TOO_LARGE']);
      // Without a Content-Length (chunked), the length is found out when the body outgrows the limit.
      const chunked = await chunkedPut(url, randomBytes(2 * partSize + 100));
      client.check('PUT', new URL(url).pathname, chunked.status, chunked.body);
      expect([chunked.status, rpcCode(chunked.body)]).toEqual([400, 3]);
      // Any shorter length is a part, with or without a Content-Length.
      expect((await client.putPart(url, randomBytes(partSize - 1))).status).toBe(200);
      const short = await chunkedPut(url, randomBytes(100));
      expect(short.status).toBe(200);
      const missing = await complete(client, upload.file.id, upload.uploadId, [
        { part_number: 2, etag: '"x"' },
      ]);
      expect([missing.status, rpcCode(missing.body)]).toEqual([400, 9]);

      expect((await cancel(client, upload.file.id, upload.uploadId)).status).toBe(200);
      const late = await client.putPart(url, randomBytes(partSize));
      expect([late.status, rpcCode(late.body)]).toEqual([400, 9]);
    });
  });

  describe(':complete-upload', () => {
    it('checks every part: missing ones are 400 code 9, unknown part numbers and duplicates 400 code 3', async () => {
      const data = randomBytes(3 * partSize);
      const upload = await startUpload(client, data.length);
      const etags = await putAllParts(client, upload, data, partSize);
      const [p1, p2, p3] = etags as [(typeof etags)[0], (typeof etags)[0], (typeof etags)[0]];
      const notListed = await complete(client, upload.file.id, upload.uploadId, [p1, p2]);
      expect([notListed.status, rpcCode(notListed.body), reasonOf(notListed.body)]).toEqual([
        400,
        9,
        'PARTS_MISSING',
      ]);
      const unknown = await complete(client, upload.file.id, upload.uploadId, [
        p1,
        p2,
        p3,
        { part_number: 4, etag: p3.etag },
      ]);
      expect([unknown.status, rpcCode(unknown.body)]).toEqual([400, 3]);
      const twice = await complete(client, upload.file.id, upload.uploadId, [p1, p1, p2, p3]);
      expect([twice.status, rpcCode(twice.body)]).toEqual([400, 3]);
      expect(await statusOf(client, upload.file.id)).toBe('FILE_STATUS_PROGRESSING');
      expect((await complete(client, upload.file.id, upload.uploadId, etags)).status).toBe(200);
    });

    it('answers 404 code 5 for an unknown file or an upload id that is not the file’s', async () => {
      const upload = await startUpload(client, 10);
      const other = await startUpload(client, 10);
      const parts = [{ part_number: 1, etag: '"x"' }];
      for (const response of [
        await complete(client, randomUUID(), upload.uploadId, parts),
        await complete(client, 'not-an-id', upload.uploadId, parts),
        await complete(client, upload.file.id, other.uploadId, parts),
        await complete(client, upload.file.id, 'nonsense', parts),
      ]) {
        expect([response.status, rpcCode(response.body)]).toEqual([404, 5]);
      }
    });

    it('answers 400 code 3 for a missing complete_data, parts or part number, and malformed JSON', async () => {
      const upload = await startUpload(client, 10);
      const url = `${FILES}/${upload.file.id}:complete-upload`;
      for (const json of [
        {},
        { complete_data: { id: upload.uploadId } },
        { complete_data: { parts: [] } },
        { complete_data: { id: upload.uploadId, parts: [{ etag: '"x"' }] } },
        { complete_data: { id: upload.uploadId, parts: [{ part_number: 0, etag: '"x"' }] } },
      ]) {
        const response = await client.request('POST', url, { json });
        expect([JSON.stringify(json), response.status, rpcCode(response.body)]).toEqual([
          JSON.stringify(json),
          400,
          3,
        ]);
      }
      const malformed = await client.request('POST', url, { raw: '{"complete_data": ' });
      expect([malformed.status, rpcCode(malformed.body)]).toEqual([400, 3]);
    });

    it('answers 400 code 9 for a second complete and for a complete after cancel', async () => {
      const data = randomBytes(10);
      const upload = await startUpload(client, data.length);
      const etags = await putAllParts(client, upload, data, partSize);
      expect((await complete(client, upload.file.id, upload.uploadId, etags)).status).toBe(200);
      const again = await complete(client, upload.file.id, upload.uploadId, etags);
      expect([again.status, rpcCode(again.body), reasonOf(again.body)]).toEqual([
        400,
        9,
        'UPLOAD_NOT_IN_PROGRESS',
      ]);

      const canceled = await startUpload(client, data.length);
      const canceledEtags = await putAllParts(client, canceled, data, partSize);
      expect((await cancel(client, canceled.file.id, canceled.uploadId)).status).toBe(200);
      const late = await complete(client, canceled.file.id, canceled.uploadId, canceledEtags);
      expect([late.status, rpcCode(late.body)]).toEqual([400, 9]);
    });
  });

  describe(':cancel-upload', () => {
    it('answers 200 {} and deletes the received parts; a repeated cancel answers 200 {} again', async () => {
      const data = randomBytes(2 * partSize);
      const upload = await startUpload(client, data.length);
      await client.putPart(upload.parts[0]?.presigned_url ?? '', partOf(data, partSize, 1));
      expect(readdirSync(stagingOf(upload.uploadId))).toContain('part-00001');

      const first = await cancel(client, upload.file.id, upload.uploadId);
      expect([first.status, first.body]).toEqual([200, {}]);
      await waitFor('the parts to be deleted', () => !existsSync(stagingOf(upload.uploadId)));
      expect(await statusOf(client, upload.file.id)).toBe('FILE_STATUS_FAILED');
      const again = await cancel(client, upload.file.id, upload.uploadId);
      expect([again.status, again.body]).toEqual([200, {}]);
    });

    it('aborts a part in flight: its bytes and the parts already received are gone from disk', async () => {
      const data = randomBytes(2 * partSize);
      const upload = await startUpload(client, data.length);
      expect(
        (await client.putPart(upload.parts[0]?.presigned_url ?? '', partOf(data, partSize, 1))).status,
      ).toBe(200);

      // Part 2 arrives slowly: a quarter of it, then nothing more.
      const slow = slowPut(upload.parts[1]?.presigned_url ?? '', partSize);
      slow.write(partOf(data, partSize, 2).subarray(0, partSize / 4));
      const incoming = (): string[] =>
        existsSync(stagingOf(upload.uploadId))
          ? readdirSync(stagingOf(upload.uploadId)).filter((name) => name.startsWith('.incoming-'))
          : [];
      await waitFor('the slow part to be in flight', () => incoming().length === 1);

      const canceled = await cancel(client, upload.file.id, upload.uploadId);
      expect([canceled.status, canceled.body]).toEqual([200, {}]);
      const outcome = await slow.outcome;
      // The PUT ends: with the dialect's "aborted" status if the answer gets through, else a closed connection.
      if ('status' in outcome) {
        expect(outcome.status).toBe(409);
        expect(JSON.parse(outcome.body)).toMatchObject({ code: 10 });
        client.check('PUT', '/bv/uploads/x/parts/2', outcome.status, JSON.parse(outcome.body));
      } else {
        expect(outcome.error).toMatch(/socket|reset|EPIPE|closed/i);
      }
      await waitFor('the staged parts to be deleted', () => !existsSync(stagingOf(upload.uploadId)));
      expect(existsSync(contentOf(upload.file.id))).toBe(false);
      expect(await statusOf(client, upload.file.id)).toBe('FILE_STATUS_FAILED');
    });

    it('answers 400 code 9 after complete, 404 code 5 for an unknown file or another upload id', async () => {
      const data = randomBytes(10);
      const upload = await startUpload(client, data.length);
      const etags = await putAllParts(client, upload, data, partSize);
      expect((await complete(client, upload.file.id, upload.uploadId, etags)).status).toBe(200);
      const afterComplete = await cancel(client, upload.file.id, upload.uploadId);
      expect([afterComplete.status, rpcCode(afterComplete.body)]).toEqual([400, 9]);
      expect(await statusOf(client, upload.file.id)).toBe('FILE_STATUS_SUCCEED');

      const other = await startUpload(client, 10);
      for (const response of [
        await cancel(client, randomUUID(), other.uploadId),
        await cancel(client, other.file.id, upload.uploadId),
        await cancel(client, other.file.id, randomUUID()),
      ]) {
        expect([response.status, rpcCode(response.body), reasonOf(response.body)]).toEqual([
          404,
          5,
          expect.stringMatching(/^(FILE|UPLOAD)_NOT_FOUND$/),
        ]);
      }
      expect(await statusOf(client, other.file.id)).toBe('FILE_STATUS_PROGRESSING');
    });

    it('answers 400 code 3 for a missing or empty upload_id and for malformed JSON', async () => {
      const upload = await startUpload(client, 10);
      const url = `${FILES}/${upload.file.id}:cancel-upload`;
      for (const options of [
        { json: {} },
        { json: { upload_id: '' } },
        { json: { upload_id: 7 } },
        { raw: '{"upload_id":' },
      ]) {
        const response = await client.request('POST', url, options);
        expect([response.status, rpcCode(response.body)]).toEqual([400, 3]);
      }
      expect(await statusOf(client, upload.file.id)).toBe('FILE_STATUS_PROGRESSING');
    });
  });

  it('answers 409 code 10 for a second PUT of a part that is still being received', async () => {
    const data = randomBytes(partSize);
    const upload = await startUpload(client, data.length);
    const url = upload.parts[0]?.presigned_url ?? '';
    const slow = slowPut(url, partSize);
    slow.write(data.subarray(0, 1000));
    await waitFor(
      'the first PUT to be in flight',
      () =>
        existsSync(stagingOf(upload.uploadId)) &&
        readdirSync(stagingOf(upload.uploadId)).some((name) => name.startsWith('.incoming-')),
    );
    const second = await client.putPart(url, data);
    expect([second.status, rpcCode(second.body), reasonOf(second.body)]).toEqual([
      409,
      10,
      'PART_UPLOAD_IN_PROGRESS',
    ]);
    slow.write(data.subarray(1000));
    const first = await slow.outcome;
    expect('status' in first && first.status).toBe(200);
  });

  it('finishes what a crash interrupted: the clean-up sweep commits completed parts and deletes canceled ones', async () => {
    const sweeper = service.app.get(TemporaryContentSweep);
    const data = randomBytes(2 * partSize);
    const completed = await startUpload(client, data.length);
    const etags = await putAllParts(client, completed, data, partSize);
    expect((await complete(client, completed.file.id, completed.uploadId, etags)).status).toBe(200);
    // As if the service had died between recording the completion and moving the parts.
    mkdirSync(path.dirname(stagingOf(completed.uploadId)), { recursive: true });
    renameSync(contentOf(completed.file.id), stagingOf(completed.uploadId));

    const canceled = await startUpload(client, data.length);
    expect((await cancel(client, canceled.file.id, canceled.uploadId)).status).toBe(200);
    // As if it had died between recording the cancel and deleting the parts.
    mkdirSync(stagingOf(canceled.uploadId), { recursive: true });
    writeFileSync(path.join(stagingOf(canceled.uploadId), 'part-00001'), 'leftover');

    await sweeper.sweep();
    expect(existsSync(stagingOf(completed.uploadId))).toBe(false);
    const dir = contentOf(completed.file.id);
    expect(
      Buffer.concat(
        readdirSync(dir)
          .sort()
          .map((name) => readFileSync(path.join(dir, name))),
      ).equals(data),
    ).toBe(true);
    expect(existsSync(stagingOf(canceled.uploadId))).toBe(false);
  });

  it('lets exactly one of a concurrent cancel and complete win; the other gets 400 code 9', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round++) {
      const data = randomBytes(2 * partSize);
      const upload = await startUpload(client, data.length);
      const etags = await putAllParts(client, upload, data, partSize);
      // Both requests are in flight together; which one is sent first alternates, so either may win.
      const completing = (): ReturnType<typeof complete> =>
        complete(client, upload.file.id, upload.uploadId, etags);
      const canceling = (): ReturnType<typeof cancel> => cancel(client, upload.file.id, upload.uploadId);
      const [completed, canceled] =
        round % 2 === 0
          ? await Promise.all([completing(), canceling()])
          : await Promise.all([canceling(), completing()]).then(([b, a]) => [a, b] as const);
      const statuses = [completed.status, canceled.status].sort();
      expect(statuses).toEqual([200, 400]);
      const loser = completed.status === 200 ? canceled : completed;
      expect(rpcCode(loser.body)).toBe(9);
      const winner = completed.status === 200 ? 'complete' : 'cancel';
      outcomes.push(winner);
      const status = await statusOf(client, upload.file.id);
      if (winner === 'complete') {
        expect(status).toBe('FILE_STATUS_SUCCEED');
        expect(readdirSync(contentOf(upload.file.id))).toHaveLength(2);
      } else {
        expect(status).toBe('FILE_STATUS_FAILED');
        await waitFor('the canceled parts to be deleted', () => !existsSync(stagingOf(upload.uploadId)));
        expect(existsSync(contentOf(upload.file.id))).toBe(false);
      }
    }
    expect(outcomes).toHaveLength(6);
    console.log(`concurrent cancel/complete winners: ${outcomes.join(', ')}`);
  });

  it('is an upload session the vSphere dialect sees too: one aggregate, two dialects', async () => {
    const data = randomBytes(10);
    const upload = await startUpload(client, data.length);
    const login = await fetch(`${service.baseUrl}/api/session`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${service.vsphereUser.username}:${service.vsphereUser.password}`).toString('base64')}`,
      },
    });
    expect(login.status).toBe(201);
    const token = (await login.json()) as string;
    const sessionUrl = `${service.baseUrl}/api/content/library/item/update-session/${upload.uploadId}`;
    const before = await fetch(sessionUrl, { headers: { 'vmware-api-session-id': token } });
    expect([before.status, ((await before.json()) as { state: string }).state]).toEqual([200, 'ACTIVE']);
    const etags = await putAllParts(client, upload, data, partSize);
    expect((await complete(client, upload.file.id, upload.uploadId, etags)).status).toBe(200);
    const after = await fetch(sessionUrl, { headers: { 'vmware-api-session-id': token } });
    expect(((await after.json()) as { state: string }).state).toBe('DONE');
  });

  it('reaches every upload operation of the contract', async () => {
    // Guards the suite itself: each operation was called and checked against the contract at least once.
    const file = await uploadFile(client, randomBytes(10), partSize);
    expect(file.status).toBe('FILE_STATUS_SUCCEED');
    const operations = new Set(client.checked.map((c) => c.operation));
    for (const op of [
      'PublicCMSService_UploadFile',
      'PublicCMSService_CompleteUploadFile',
      'PublicCMSService_CancelUploadFile',
    ]) {
      expect(operations).toContain(op);
    }
  });
});
