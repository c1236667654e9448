import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describeEachStore } from './bv-backends';
import { BvClient, rpcCode } from './bv-client';
import { FILES, getFile, putAllParts, startUpload, uploadFile, type FileBody } from './bv-flow';
import { startBvService, type BvService } from './bv-service';
import { BvSpec } from './bv-spec';
import { waitFor } from './wait-for';

interface ListBody {
  readonly files: FileBody[];
  readonly pagination: { current_page: number; items_per_page: number; total_items: number };
  readonly total_duration_seconds: string;
  readonly videos_without_duration_count: number;
}

describeEachStore('BlendVision library files over HTTP', (env) => {
  const spec = BvSpec.load();
  let service: BvService;
  let client: BvClient;
  /** The same token acting for its other organization. */
  let sibling: BvClient;
  /** Another token, of another organization. */
  let stranger: BvClient;

  beforeAll(async () => {
    service = await startBvService(env);
    client = new BvClient(service.baseUrl, spec, service.tokens.acme.token, service.orgs.a);
    sibling = client.as(service.tokens.acme.token, service.orgs.b);
    stranger = client.as(service.tokens.other.token, service.orgs.c);
  });
  afterAll(() => service.stop());

  const list = async (who: BvClient, query: string): Promise<ListBody> => {
    const response = await who.request('GET', `${FILES}?${query}`);
    expect(response.status).toBe(200);
    return response.body as ListBody;
  };
  const small = (): Buffer => randomBytes(1000);

  describe('get', () => {
    it('answers the file with its status; another organization gets 404 code 5, even with the same token', async () => {
      const file = await uploadFile(client, small(), service.partSize, { name: 'mine.mp4' });
      const got = await getFile(client, file.id);
      expect(got.status).toBe(200);
      expect((got.body as { file: FileBody }).file).toMatchObject({
        id: file.id,
        name: 'mine.mp4',
        status: 'FILE_STATUS_SUCCEED',
      });
      for (const other of [sibling, stranger]) {
        const hidden = await getFile(other, file.id);
        expect([hidden.status, rpcCode(hidden.body)]).toEqual([404, 5]);
      }
    });

    it('answers 404 code 5 for an unknown id and for an id that is not one', async () => {
      for (const id of [randomUUID(), 'nope', 'a'.repeat(300)]) {
        const response = await getFile(client, id);
        expect([response.status, rpcCode(response.body)]).toEqual([404, 5]);
      }
    });
  });

  describe('list', () => {
    it('lists only successfully uploaded files of the type by default; filter.all shows the others too', async () => {
      const name = `list-${randomUUID().slice(0, 8)}`;
      const done = await uploadFile(client, small(), service.partSize, { name: `${name}-done.mp4` });
      const progressing = await startUpload(client, 10, { name: `${name}-progressing.mp4` });
      const image = await uploadFile(client, small(), service.partSize, {
        name: `${name}-image.png`,
        type: 'FILE_TYPE_IMAGE',
      });
      const videos = await list(client, `type=FILE_TYPE_VIDEO&filter.name=${name}`);
      expect(videos.files.map((f) => f.id)).toEqual([done.id]);
      expect(videos.pagination).toEqual({ current_page: 1, items_per_page: 10, total_items: 1 });
      expect(videos.videos_without_duration_count).toBe(1);
      const all = await list(client, `type=FILE_TYPE_VIDEO&filter.name=${name}&filter.all=true`);
      expect(all.files.map((f) => f.id).sort()).toEqual([done.id, progressing.file.id].sort());
      expect(all.files.find((f) => f.id === progressing.file.id)?.status).toBe('FILE_STATUS_PROGRESSING');
      const images = await list(client, `type=FILE_TYPE_IMAGE&filter.name=${name}`);
      expect(images.files.map((f) => f.id)).toEqual([image.id]);
      expect(images.videos_without_duration_count).toBe(0);
    });

    it('filters by name (case-insensitive substring) and by labels (all of them)', async () => {
      const tag = randomUUID().slice(0, 8);
      const a = await uploadFile(client, small(), service.partSize, {
        name: `Holiday-${tag}.mp4`,
        metadata: { labels: [`l1-${tag}`, `l2-${tag}`] },
      });
      const b = await uploadFile(client, small(), service.partSize, {
        name: `work-${tag}.mp4`,
        metadata: { labels: [`l1-${tag}`] },
      });
      expect(
        (await list(client, `type=FILE_TYPE_VIDEO&filter.name=holiday-${tag}`)).files.map((f) => f.id),
      ).toEqual([a.id]);
      const one = await list(client, `type=FILE_TYPE_VIDEO&filter.labels=l1-${tag}`);
      expect(one.files.map((f) => f.id).sort()).toEqual([a.id, b.id].sort());
      const both = await list(client, `type=FILE_TYPE_VIDEO&filter.labels=l1-${tag}&filter.labels=l2-${tag}`);
      expect(both.files.map((f) => f.id)).toEqual([a.id]);
      // Files here belong to no group and have no subtitles or faces: such filters match none.
      expect(
        (await list(client, `type=FILE_TYPE_VIDEO&filter.name=${tag}&filter.group_ids=g1`)).files,
      ).toEqual([]);
    });

    it('pages newest first with current_page and items_per_page', async () => {
      const tag = `page-${randomUUID().slice(0, 8)}`;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push((await uploadFile(client, small(), service.partSize, { name: `${tag}-${i}` })).id);
      const newestFirst = [...ids].reverse();
      const first = await list(client, `type=FILE_TYPE_VIDEO&filter.name=${tag}&items_per_page=2`);
      expect(first.files.map((f) => f.id)).toEqual(newestFirst.slice(0, 2));
      expect(first.pagination).toEqual({ current_page: 1, items_per_page: 2, total_items: 5 });
      const third = await list(
        client,
        `type=FILE_TYPE_VIDEO&filter.name=${tag}&items_per_page=2&current_page=3`,
      );
      expect(third.files.map((f) => f.id)).toEqual(newestFirst.slice(4));
      const beyond = await list(
        client,
        `type=FILE_TYPE_VIDEO&filter.name=${tag}&items_per_page=2&current_page=9`,
      );
      expect([beyond.files, beyond.pagination.total_items]).toEqual([[], 5]);
    });

    it('never shows another organization’s files', async () => {
      const tag = `org-${randomUUID().slice(0, 8)}`;
      await uploadFile(client, small(), service.partSize, { name: tag });
      expect((await list(sibling, `type=FILE_TYPE_VIDEO&filter.name=${tag}&filter.all=true`)).files).toEqual(
        [],
      );
      expect((await list(stranger, `type=FILE_TYPE_VIDEO&filter.name=${tag}&filter.all=true`)).files).toEqual(
        [],
      );
    });

    it('answers 400 code 3 without a type and for malformed paging or filters', async () => {
      for (const query of [
        '',
        'type=FILE_TYPE_NOPE',
        'type=FILE_TYPE_VIDEO&current_page=-1',
        'type=FILE_TYPE_VIDEO&items_per_page=many',
        'type=FILE_TYPE_VIDEO&items_per_page=1000',
        'type=FILE_TYPE_VIDEO&filter.all=maybe',
        'type=FILE_TYPE_VIDEO&filter.subtitle_formats=SUBTITLE_FORMAT_DOC',
      ]) {
        const response = await client.request('GET', `${FILES}?${query}`);
        expect([query, response.status, rpcCode(response.body)]).toEqual([query, 400, 3]);
      }
    });
  });

  describe('update', () => {
    it('renames a file and replaces its metadata; without metadata the metadata stays', async () => {
      const file = await uploadFile(client, small(), service.partSize, {
        name: 'before.mp4',
        metadata: { short_description: 'short', labels: ['x'] },
      });
      const renamed = await client.request('PUT', `${FILES}/${file.id}`, { json: { name: 'after.mp4' } });
      expect(renamed.status).toBe(200);
      expect((renamed.body as { file: FileBody }).file).toMatchObject({
        name: 'after.mp4',
        status: 'FILE_STATUS_SUCCEED',
        metadata: { short_description: 'short', labels: ['x'] },
      });
      const relabeled = await client.request('PUT', `${FILES}/${file.id}`, {
        json: { name: 'after.mp4', metadata: { labels: ['y', 'z'] } },
      });
      expect((relabeled.body as { file: FileBody }).file.metadata).toEqual({
        short_description: '',
        long_description: '',
        labels: ['y', 'z'],
      });
      expect(((await getFile(client, file.id)).body as { file: FileBody }).file.name).toBe('after.mp4');
    });

    it('answers 400 code 3 without a name, 404 code 5 for an unknown or foreign file', async () => {
      const file = await startUpload(client, 10);
      for (const options of [
        { json: {} },
        { json: { name: '' } },
        { json: { name: 5 } },
        { raw: '{"name"' },
      ]) {
        const response = await client.request('PUT', `${FILES}/${file.file.id}`, options);
        expect([response.status, rpcCode(response.body)]).toEqual([400, 3]);
      }
      for (const [who, id] of [
        [client, randomUUID()],
        [stranger, file.file.id],
        [sibling, file.file.id],
      ] as const) {
        const response = await who.request('PUT', `${FILES}/${id}`, { json: { name: 'x' } });
        expect([response.status, rpcCode(response.body)]).toEqual([404, 5]);
      }
    });
  });

  describe('delete', () => {
    it('deletes a file and its content; afterwards it is 404 code 5 everywhere', async () => {
      const file = await uploadFile(client, small(), service.partSize);
      const content = path.join(service.contentDir, 'items', file.id);
      expect(existsSync(content)).toBe(true);
      const deleted = await client.request('DELETE', `${FILES}/${file.id}`);
      expect([deleted.status, deleted.body]).toEqual([200, {}]);
      expect(existsSync(content)).toBe(false);
      for (const response of [
        await getFile(client, file.id),
        await client.request('DELETE', `${FILES}/${file.id}`),
        await client.request('PUT', `${FILES}/${file.id}`, { json: { name: 'x' } }),
      ]) {
        expect([response.status, rpcCode(response.body)]).toEqual([404, 5]);
      }
      expect(
        (await list(client, `type=FILE_TYPE_VIDEO&filter.all=true`)).files.map((f) => f.id),
      ).not.toContain(file.id);
    });

    it('cancels an upload in progress: its received parts are deleted too', async () => {
      const data = randomBytes(2 * service.partSize);
      const upload = await startUpload(client, data.length);
      await putAllParts(client, { ...upload, parts: upload.parts.slice(0, 1) }, data, service.partSize);
      const staging = path.join(service.contentDir, 'tmp', upload.uploadId);
      expect(existsSync(staging)).toBe(true);
      expect((await client.request('DELETE', `${FILES}/${upload.file.id}`)).status).toBe(200);
      await waitFor('the staged parts to be deleted', () => !existsSync(staging));
      const late = await client.putPart(
        upload.parts[1]?.presigned_url ?? '',
        data.subarray(service.partSize),
      );
      expect([late.status, rpcCode(late.body)]).toEqual([400, 9]);
    });

    it('answers 404 code 5 for another organization’s file and leaves it alone', async () => {
      const file = await uploadFile(client, small(), service.partSize);
      const response = await stranger.request('DELETE', `${FILES}/${file.id}`);
      expect([response.status, rpcCode(response.body)]).toEqual([404, 5]);
      expect((await getFile(client, file.id)).status).toBe(200);
    });
  });

  describe('batch delete', () => {
    it('deletes the listed ids and reports the ones it could not delete', async () => {
      const a = await uploadFile(client, small(), service.partSize);
      const b = await startUpload(client, 10);
      const foreign = await uploadFile(stranger, small(), service.partSize);
      const unknown = randomUUID();
      const response = await client.request('DELETE', FILES, {
        json: { ids: [a.id, b.file.id, unknown, foreign.id] },
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        error_infos: [
          { id: unknown, name: '' },
          { id: foreign.id, name: '' },
        ],
        deleted_count: 2,
        remaining_count: 0,
      });
      expect((await getFile(client, a.id)).status).toBe(404);
      expect((await getFile(client, b.file.id)).status).toBe(404);
      expect((await getFile(stranger, foreign.id)).status).toBe(200);
    });

    it('deletes what select_all names (type and filter), except excluded_ids', async () => {
      const tag = `sel-${randomUUID().slice(0, 8)}`;
      const keep = await uploadFile(client, small(), service.partSize, { name: `${tag}-keep` });
      const gone = await uploadFile(client, small(), service.partSize, { name: `${tag}-gone` });
      const other = await uploadFile(client, small(), service.partSize, { name: `other-${randomUUID()}` });
      const response = await client.request('DELETE', FILES, {
        json: { select_all: { type: 'FILE_TYPE_VIDEO', filter: { name: tag }, excluded_ids: [keep.id] } },
      });
      expect(response.body).toEqual({ error_infos: [], deleted_count: 1, remaining_count: 0 });
      expect((await getFile(client, gone.id)).status).toBe(404);
      expect((await getFile(client, keep.id)).status).toBe(200);
      expect((await getFile(client, other.id)).status).toBe(200);
    });

    it('answers 400 code 3 unless exactly one of ids and select_all is given', async () => {
      for (const options of [
        { json: {} },
        { json: { ids: [] } },
        { json: { ids: [randomUUID()], select_all: { type: 'FILE_TYPE_VIDEO' } } },
        { json: { select_all: {} } },
        { json: { ids: 'x' } },
        { raw: '{"ids": [' },
      ]) {
        const response = await client.request('DELETE', FILES, options);
        expect([response.status, rpcCode(response.body)]).toEqual([400, 3]);
      }
    });
  });

  it('answers download with a link to the bytes (400 code 3 for a bad disposition), and permissions with 501 code 12 (not offered by this service)', async () => {
    const data = small();
    const file = await uploadFile(client, data, service.partSize);
    const download = await client.request('POST', `${FILES}/${file.id}:download`, { json: {} });
    expect(download.status).toBe(200);
    const link = await fetch((download.body as { download_uri: string }).download_uri);
    expect(Buffer.from(await link.arrayBuffer()).equals(data)).toBe(true);
    const bad = await client.request('POST', `${FILES}/${file.id}:download`, {
      json: { content_disposition: 'CONTENT_DISPOSITION_SOMETIMES' },
    });
    expect([bad.status, rpcCode(bad.body)]).toEqual([400, 3]);
    for (const response of [
      await client.request('PUT', `${FILES}/${file.id}/permissions`, { json: {} }),
      await client.request('GET', `${FILES}/${file.id}/permissions:role`),
    ]) {
      expect([response.status, rpcCode(response.body)]).toEqual([501, 12]);
    }
  });

  it('reaches every operation of the contract', () => {
    // Guards the suite itself: every operation was called here (or in the uploads suite) and checked.
    const seen = new Set(client.checked.map((c) => c.operation));
    for (const op of [
      'PublicCMSService_UploadFile',
      'PublicCMSService_CompleteUploadFile',
      'PublicCMSService_GetFile',
      'PublicCMSService_ListFiles',
      'PublicCMSService_UpdateFile',
      'PublicCMSService_DeleteFile',
      'PublicCMSService_BatchDeleteFiles',
      'PublicCMSService_DownloadFile',
      'PublicCMSService_UpdateFilePermission',
      'PublicCMSService_GetFilePermissionAccessRole',
    ]) {
      expect(seen).toContain(op);
    }
  });
});
