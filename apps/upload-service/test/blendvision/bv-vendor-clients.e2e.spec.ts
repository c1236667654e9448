import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { describeEachStore } from './bv-backends';
import { BvClient, rpcCode } from './bv-client';
import { FILES, getFile, type FileBody } from './bv-flow';
import { startBvService, type BvService } from './bv-service';
import { BvSpec } from './bv-spec';
import { etagOf, GeneratedFile, nodeRequest, type NodeResponse } from './vendor-clients';

const MiB = 1024 * 1024;
const reasonOf = (body: unknown): unknown =>
  (body as { details?: { reason?: unknown }[] } | undefined)?.details?.[0]?.reason;

interface UploadAnswer {
  readonly file: FileBody;
  readonly upload_data: {
    readonly id: string;
    readonly parts: { part_number?: number; presigned_url: string }[];
  };
}

interface DownloadAnswer {
  readonly id: string;
  readonly download_uri: string;
  readonly download_filename: string;
  readonly expiration_time: string;
}

/** SHA-256 of a fetched body, read as it streams. */
const digestOf = async (response: Response): Promise<{ sha256: string; length: number }> => {
  const hash = createHash('sha256');
  let length = 0;
  for await (const chunk of response.body ?? Readable.from([])) {
    hash.update(chunk as Uint8Array);
    length += (chunk as Uint8Array).length;
  }
  return { sha256: hash.digest('hex'), length };
};

/**
 * BlendVision's own clients against this service, sending what their code sends (see
 * test/blendvision/vendor-clients.ts): the Node sample (`bv-api-samples-nodejs`,
 * src/file-upload/file-upload.service.ts) and the MCP server (`mcp-server`, src/client.ts and
 * src/tools/library_tools.ts).
 */
describeEachStore('BlendVision vendor clients over HTTP', (env) => {
  jest.setTimeout(120_000);
  const spec = BvSpec.load();
  /** Default part size: one part URL per 100 MiB, as the vendor's docs say. */
  let standard: BvService;
  /** 6 MiB part URLs and a 1 MiB minimum, so that 25 MiB make several parts. */
  let sliced: BvService;

  beforeAll(async () => {
    standard = await startBvService({ ...env, BV_PART_SIZE_BYTES: String(100 * MiB) });
    sliced = await startBvService({
      ...env,
      BV_PART_SIZE_BYTES: String(6 * MiB),
      BV_MIN_PART_SIZE_BYTES: String(MiB),
    });
  });
  afterAll(async () => {
    await standard?.stop();
    await sliced?.stop();
  });

  /** The MCP server's axios instance: JSON content type, bearer token and org on every call. */
  const mcp = (service: BvService) => {
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${service.tokens.acme.token}`,
      'x-bv-org-id': service.orgs.a,
    };
    const client = new BvClient(service.baseUrl, spec, service.tokens.acme.token, service.orgs.a);
    const call = async (method: string, url: string, json?: unknown): Promise<NodeResponse> => {
      const response = await nodeRequest(`${service.baseUrl}${url}`, { method, headers, json });
      client.check(method, url, response.status, response.json);
      return response;
    };
    return { call, client };
  };

  /** The MCP server's upload_file with a local file: upload, PUT slices of ceil(size / parts), complete. */
  const mcpUpload = async (service: BvService, data: GeneratedFile, name: string) => {
    const { call } = mcp(service);
    const started = await call('POST', `${FILES}:upload`, {
      file: {
        name,
        size: String(data.size),
        type: 'FILE_TYPE_VIDEO',
        source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
        attrs: { 'content-type': 'video/mp4' },
      },
    });
    expect(started.status).toBe(200);
    const { file, upload_data } = started.json as UploadAnswer;
    const slice = Math.ceil(data.size / upload_data.parts.length);
    const parts: { part_number: number; etag: string }[] = [];
    for (const [i, part] of upload_data.parts.entries()) {
      const start = i * slice;
      const end = Math.min(start + slice, data.size);
      const put = await nodeRequest(part.presigned_url, {
        method: 'PUT',
        headers: { 'content-length': String(end - start), 'content-type': 'application/octet-stream' },
        body: data.stream(start, end),
      });
      expect(put.status).toBe(200);
      parts.push({ part_number: part.part_number ?? i + 1, etag: etagOf(put) });
    }
    const completed = await call('POST', `${FILES}/${file.id}:complete-upload`, {
      complete_data: { id: upload_data.id, parts },
    });
    return { file, uploadId: upload_data.id, parts: upload_data.parts, completed };
  };

  it('the Node sample: 30 MiB PUT whole to part 1, completed with part 1 and checksum_sha1', async () => {
    const data = new GeneratedFile(30 * MiB);
    const headers = {
      'Content-Type': 'application/json',
      'x-bv-org-id': standard.orgs.a,
      authorization: `Bearer ${standard.tokens.acme.token}`,
    };
    const client = new BvClient(standard.baseUrl, spec, standard.tokens.acme.token, standard.orgs.a);
    const started = await nodeRequest(`${standard.baseUrl}${FILES}:upload`, {
      method: 'POST',
      headers,
      json: {
        file: {
          name: 'lecture.mp4',
          size: String(data.size),
          source: 'FILE_SOURCE_ADD_VOD',
          type: 'FILE_TYPE_VIDEO',
        },
      },
    });
    client.check('POST', `${FILES}:upload`, started.status, started.json);
    const upload = started.json as UploadAnswer;
    expect(upload.upload_data.parts).toHaveLength(1);
    const [part] = upload.upload_data.parts;
    // axios with a Buffer body: its length as Content-Length.
    const put = await nodeRequest(part?.presigned_url ?? '', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream', 'content-length': String(data.size) },
      body: data.stream(),
    });
    expect(put.status).toBe(200);
    const completed = await nodeRequest(`${standard.baseUrl}${FILES}/${upload.file.id}:complete-upload`, {
      method: 'POST',
      headers,
      json: {
        complete_data: {
          checksum_sha1: data.digest('sha1', 'base64'),
          id: upload.upload_data.id,
          parts: [{ part_number: part?.part_number, etag: etagOf(put) }],
        },
      },
    });
    client.check('POST', `${FILES}/${upload.file.id}:complete-upload`, completed.status, completed.json);
    expect([completed.status, (completed.json as { file: FileBody }).file.status]).toEqual([
      200,
      'FILE_STATUS_SUCCEED',
    ]);

    const link = await nodeRequest(`${standard.baseUrl}${FILES}/${upload.file.id}:download`, {
      method: 'POST',
      headers,
      json: {},
    });
    client.check('POST', `${FILES}/${upload.file.id}:download`, link.status, link.json);
    const downloaded = await fetch((link.json as DownloadAnswer).download_uri);
    expect([downloaded.status, downloaded.headers.get('content-length')]).toEqual([200, String(data.size)]);
    expect(await digestOf(downloaded)).toEqual({ sha256: data.digest('sha256'), length: data.size });
  });

  it('the MCP server: 25 MiB + 3 bytes sliced by the part count, then :download and Range reads', async () => {
    const data = new GeneratedFile(25 * MiB + 3);
    const { file, parts, completed } = await mcpUpload(sliced, data, 'clip.mp4');
    expect(parts).toHaveLength(Math.ceil(data.size / (6 * MiB)));
    expect([completed.status, (completed.json as { file: FileBody }).file.status]).toEqual([
      200,
      'FILE_STATUS_SUCCEED',
    ]);

    // download_file: POST …:download with no body, the instance's JSON content type (Content-Length: 0).
    const { call } = mcp(sliced);
    const link = await call('POST', `${FILES}/${file.id}:download`);
    expect(link.status).toBe(200);
    const answer = link.json as DownloadAnswer;
    expect(answer).toMatchObject({ id: file.id, download_filename: 'clip.mp4' });
    expect(Date.parse(answer.expiration_time)).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);

    const whole = await fetch(answer.download_uri);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(data.size));
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('content-disposition')).toBe(
      `attachment; filename="clip.mp4"; filename*=UTF-8''clip.mp4`,
    );
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const etag = whole.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}-5"$/);
    expect(await digestOf(whole)).toEqual({ sha256: data.digest('sha256'), length: data.size });

    // The MCP server's sourceUrl mode reads a link this way: HEAD for the length, then ranges.
    const head = await fetch(answer.download_uri, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), head.headers.get('etag')]).toEqual([
      200,
      String(data.size),
      etag,
    ]);
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    // A range across the boundary of parts 1 and 2, a suffix, and one past the end.
    const slice = Math.ceil(data.size / parts.length);
    const across = await fetch(answer.download_uri, {
      headers: { range: `bytes=${slice - 5}-${slice + 4}` },
    });
    expect([across.status, across.headers.get('content-range'), across.headers.get('etag')]).toEqual([
      206,
      `bytes ${slice - 5}-${slice + 4}/${data.size}`,
      etag,
    ]);
    expect(Buffer.from(await across.arrayBuffer()).equals(data.bytes(slice - 5, slice + 5))).toBe(true);
    const tail = await fetch(answer.download_uri, { headers: { range: 'bytes=-7' } });
    expect([tail.status, tail.headers.get('content-length')]).toEqual([206, '7']);
    expect(Buffer.from(await tail.arrayBuffer()).equals(data.bytes(data.size - 7, data.size))).toBe(true);
    const past = await fetch(answer.download_uri, { headers: { range: `bytes=${data.size}-` } });
    expect([past.status, past.headers.get('content-range')]).toEqual([416, `bytes */${data.size}`]);
    await past.arrayBuffer();

    // CONTENT_DISPOSITION_INLINE, and a link whose signature was tampered with.
    const inline = await call('POST', `${FILES}/${file.id}:download`, {
      content_disposition: 'CONTENT_DISPOSITION_INLINE',
    });
    const inlineUri = (inline.json as DownloadAnswer).download_uri;
    const first = await fetch(inlineUri, { headers: { range: 'bytes=0-0' } });
    expect([first.status, first.headers.get('content-disposition')]).toEqual([
      206,
      `inline; filename="clip.mp4"; filename*=UTF-8''clip.mp4`,
    ]);
    await first.arrayBuffer();
    const tampered = new URL(inlineUri);
    tampered.searchParams.set('disposition', 'attachment');
    const refused = await fetch(tampered);
    const refusedBody = (await refused.json()) as unknown;
    expect([refused.status, rpcCode(refusedBody), reasonOf(refusedBody)]).toEqual([
      403,
      7,
      'DOWNLOAD_URL_INVALID',
    ]);
  });

  it('axios-style DELETE (JSON content type, no body) deletes the file; :download of a file not SUCCEED is 404 code 5', async () => {
    const data = new GeneratedFile(2 * MiB);
    const { file } = await mcpUpload(sliced, data, 'gone.mp4');
    const { call, client } = mcp(sliced);
    const link = await call('POST', `${FILES}/${file.id}:download`);
    const uri = (link.json as DownloadAnswer).download_uri;

    const deleted = await call('DELETE', `${FILES}/${file.id}`);
    expect([deleted.status, deleted.json]).toEqual([200, {}]);
    expect((await getFile(client, file.id)).status).toBe(404);
    const afterDelete = await fetch(uri);
    expect([afterDelete.status, rpcCode(await afterDelete.json())]).toEqual([404, 5]);

    // An upload still in progress has nothing to download.
    const started = await call('POST', `${FILES}:upload`, {
      file: {
        name: 'later.mp4',
        size: '10',
        type: 'FILE_TYPE_VIDEO',
        source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
      },
    });
    const progressing = (started.json as UploadAnswer).file.id;
    const notYet = await call('POST', `${FILES}/${progressing}:download`);
    expect([notYet.status, rpcCode(notYet.json), reasonOf(notYet.json)]).toEqual([
      404,
      5,
      'FILE_CONTENT_NOT_FOUND',
    ]);
  });

  describe('a part longer than its file', () => {
    const start = async () => {
      const { call } = mcp(sliced);
      const started = await call('POST', `${FILES}:upload`, {
        file: {
          name: 'small.mp4',
          size: String(MiB),
          type: 'FILE_TYPE_VIDEO',
          source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
        },
      });
      return started.json as UploadAnswer;
    };

    it('is read as 400 code 3 by Node fetch (undici), with a Content-Length or chunked, and the URL still works', async () => {
      const upload = await start();
      const url = upload.upload_data.parts[0]?.presigned_url ?? '';
      const data = new GeneratedFile(3 * MiB);
      // A Buffer body: undici sends its Content-Length, and the whole body unless the server answers.
      const sized = await fetch(url, { method: 'PUT', body: data.bytes(0, data.size) });
      const sizedBody = (await sized.json()) as unknown;
      expect([sized.status, rpcCode(sizedBody), reasonOf(sizedBody)]).toEqual([400, 3, 'PART_TOO_LARGE']);
      // A stream body: chunked, the length shows only as the bytes arrive.
      const chunked = await fetch(url, {
        method: 'PUT',
        body: Readable.toWeb(data.stream()) as ReadableStream<Uint8Array>,
        duplex: 'half',
      } as RequestInit);
      const chunkedBody = (await chunked.json()) as unknown;
      expect([chunked.status, rpcCode(chunkedBody), reasonOf(chunkedBody)]).toEqual([
        400,
        3,
        'PART_TOO_LARGE',
      ]);
      expect(
        readdirSync(path.join(sliced.contentDir, 'tmp', upload.upload_data.id)).filter(
          (n) => !n.startsWith('.'),
        ),
      ).toEqual([]);
      const fits = await fetch(url, { method: 'PUT', body: data.bytes(0, MiB) });
      expect(fits.status).toBe(200);
      await fits.arrayBuffer();
    });

    it('is refused before 100 Continue when the client expects one (curl, node:http): no byte of the body is sent', async () => {
      const upload = await start();
      const url = upload.upload_data.parts[0]?.presigned_url ?? '';
      const tooLong = await nodeRequest(url, {
        method: 'PUT',
        headers: { 'content-length': String(2 * MiB), 'content-type': 'application/octet-stream' },
        body: new GeneratedFile(2 * MiB).stream(),
        expectContinue: true,
      });
      expect([tooLong.status, rpcCode(tooLong.json), reasonOf(tooLong.json), tooLong.continued]).toEqual([
        400,
        3,
        'PART_TOO_LARGE',
        false,
      ]);
      // A bad signature is refused before the body too.
      const forged = new URL(url);
      forged.searchParams.set('signature', 'a'.repeat(64));
      const denied = await nodeRequest(forged.href, {
        method: 'PUT',
        headers: { 'content-length': String(MiB) },
        body: new GeneratedFile(MiB).stream(),
        expectContinue: true,
      });
      expect([denied.status, rpcCode(denied.json), denied.continued]).toEqual([403, 7, false]);
      // A part that fits is continued and stored.
      const fits = await nodeRequest(url, {
        method: 'PUT',
        headers: { 'content-length': String(MiB) },
        body: new GeneratedFile(MiB).stream(),
        expectContinue: true,
      });
      expect([fits.status, fits.continued]).toEqual([200, true]);
      expect(existsSync(path.join(sliced.contentDir, 'tmp', upload.upload_data.id, 'part-00001'))).toBe(true);
    });
  });

  describe(':complete-upload with S3 multipart rules', () => {
    /** 13 MiB in 3 URLs (6 MiB each): parts PUT by the test, each of the given length. */
    const uploadParts = async (lengths: readonly number[]) => {
      const { call } = mcp(sliced);
      const data = new GeneratedFile(13 * MiB);
      const started = await call('POST', `${FILES}:upload`, {
        file: {
          name: 'rules.mp4',
          size: String(data.size),
          type: 'FILE_TYPE_VIDEO',
          source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
        },
      });
      const upload = started.json as UploadAnswer;
      expect(upload.upload_data.parts).toHaveLength(3);
      const etags: { part_number: number; etag: string }[] = [];
      let offset = 0;
      for (const [i, length] of lengths.entries()) {
        const put = await nodeRequest(upload.upload_data.parts[i]?.presigned_url ?? '', {
          method: 'PUT',
          headers: { 'content-length': String(length) },
          body: data.stream(offset, offset + length),
        });
        expect(put.status).toBe(200);
        etags.push({ part_number: i + 1, etag: etagOf(put) });
        offset += length;
      }
      const complete = (parts: readonly { part_number: number; etag: string }[]) =>
        call('POST', `${FILES}/${upload.file.id}:complete-upload`, {
          complete_data: { id: upload.upload_data.id, parts },
        });
      return { data, upload, etags, complete };
    };

    it('refuses parts out of order (code 3), a short part that is not the last (code 3), and a subset short of the file (code 9)', async () => {
      const { etags, complete } = await uploadParts([6 * MiB, MiB - 1, 6 * MiB + 1]);
      const [p1, p2, p3] = etags as [(typeof etags)[0], (typeof etags)[0], (typeof etags)[0]];
      const outOfOrder = await complete([p2, p1, p3]);
      expect([outOfOrder.status, rpcCode(outOfOrder.json), reasonOf(outOfOrder.json)]).toEqual([
        400,
        3,
        'INVALID_PART_ORDER',
      ]);
      const tooSmall = await complete([p1, p2, p3]);
      expect([tooSmall.status, rpcCode(tooSmall.json), reasonOf(tooSmall.json)]).toEqual([
        400,
        3,
        'PART_TOO_SMALL',
      ]);
      const subset = await complete([p1, p3]);
      expect([subset.status, rpcCode(subset.json), reasonOf(subset.json)]).toEqual([400, 9, 'PARTS_MISSING']);
      const stale = await complete([p1, { part_number: 3, etag: '"0000"' }]);
      expect([stale.status, rpcCode(stale.json), reasonOf(stale.json)]).toEqual([400, 3, 'ETAG_MISMATCH']);
    });

    it('completes with a subset that makes the file, building it from exactly those parts and deleting the others', async () => {
      // Part 1 holds the first 7 MiB, part 2 a stray MiB, part 3 five of the last six.
      const { data, upload, etags, complete } = await uploadParts([7 * MiB, MiB, 5 * MiB]);
      const [p1, , p3] = etags as [(typeof etags)[0], (typeof etags)[0], (typeof etags)[0]];
      // The stray part is not a slice of the file: PUT part 3 again with the file's last 6 MiB.
      const again = await nodeRequest(upload.upload_data.parts[2]?.presigned_url ?? '', {
        method: 'PUT',
        headers: { 'content-length': String(6 * MiB) },
        body: data.stream(7 * MiB, 13 * MiB),
      });
      const done = await complete([p1, { part_number: 3, etag: etagOf(again) }]);
      expect([done.status, (done.json as { file: FileBody }).file.status]).toEqual([
        200,
        'FILE_STATUS_SUCCEED',
      ]);
      expect(p3?.etag).not.toBe(etagOf(again));
      const dir = path.join(sliced.contentDir, 'items', upload.file.id, 'v1');
      expect(readdirSync(dir).sort()).toEqual(['part-00001', 'part-00003']);
      const { call } = mcp(sliced);
      const link = await call('POST', `${FILES}/${upload.file.id}:download`);
      const downloaded = await fetch((link.json as DownloadAnswer).download_uri);
      expect(await digestOf(downloaded)).toEqual({ sha256: data.digest('sha256'), length: data.size });
    });
  });
});
