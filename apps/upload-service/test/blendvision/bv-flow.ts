import type { BvClient, BvResponse } from './bv-client';

/** Steps the BlendVision e2e tests share; each checks its own success so a broken step fails loudly. */

export const FILES = '/bv/cms/v1/library/files';

export interface UploadPartInfo {
  readonly part_number: number;
  readonly presigned_url: string;
}

export interface FileBody {
  readonly id: string;
  readonly name: string;
  readonly size: string;
  readonly status: string;
  readonly type: string;
  readonly metadata?: { readonly labels?: readonly string[] };
  readonly updated_at: string;
  readonly created_at: string;
}

export interface StartedUpload {
  readonly file: FileBody;
  readonly uploadId: string;
  readonly parts: readonly UploadPartInfo[];
}

const expectStatus = (what: string, response: BvResponse, expected: number): void => {
  if (response.status !== expected) {
    throw new Error(`${what}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
};

export const startUpload = async (
  client: BvClient,
  size: number,
  file: Record<string, unknown> = {},
): Promise<StartedUpload> => {
  const response = await client.request('POST', `${FILES}:upload`, {
    json: {
      file: {
        type: 'FILE_TYPE_VIDEO',
        source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
        name: `video-${Math.random().toString(36).slice(2)}.mp4`,
        size: String(size),
        ...file,
      },
    },
  });
  expectStatus('upload', response, 200);
  const body = response.body as { file: FileBody; upload_data: { id: string; parts: UploadPartInfo[] } };
  return { file: body.file, uploadId: body.upload_data.id, parts: body.upload_data.parts };
};

/** The bytes of part `n` (1-based) of `data` split in parts of `partSize`. */
export const partOf = (data: Buffer, partSize: number, n: number): Buffer =>
  data.subarray((n - 1) * partSize, n * partSize);

/** PUTs every part (a few at a time) and answers the (part_number, etag) list to complete with. */
export const putAllParts = async (
  client: BvClient,
  upload: StartedUpload,
  data: Buffer,
  partSize: number,
): Promise<{ part_number: number; etag: string }[]> => {
  const etags: { part_number: number; etag: string }[] = [];
  const queue = [...upload.parts];
  const worker = async (): Promise<void> => {
    for (let part = queue.shift(); part !== undefined; part = queue.shift()) {
      const response = await client.putPart(part.presigned_url, partOf(data, partSize, part.part_number));
      expectStatus(`PUT part ${part.part_number}`, response, 200);
      const etag = response.headers.get('etag');
      if (etag === null) throw new Error(`PUT part ${part.part_number}: no ETag`);
      etags.push({ part_number: part.part_number, etag });
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return etags.sort((a, b) => a.part_number - b.part_number);
};

export const complete = (
  client: BvClient,
  fileId: string,
  uploadId: string,
  parts: readonly { part_number: number; etag: string }[],
): Promise<BvResponse> =>
  client.request('POST', `${FILES}/${fileId}:complete-upload`, {
    json: { complete_data: { id: uploadId, parts } },
  });

export const cancel = (client: BvClient, fileId: string, uploadId: string): Promise<BvResponse> =>
  client.request('POST', `${FILES}/${fileId}:cancel-upload`, { json: { upload_id: uploadId } });

/** Uploads `data` all the way: upload, PUT every part, complete. */
export const uploadFile = async (
  client: BvClient,
  data: Buffer,
  partSize: number,
  file: Record<string, unknown> = {},
): Promise<FileBody> => {
  const upload = await startUpload(client, data.length, file);
  const etags = await putAllParts(client, upload, data, partSize);
  const done = await complete(client, upload.file.id, upload.uploadId, etags);
  expectStatus('complete-upload', done, 200);
  return (done.body as { file: FileBody }).file;
};

export const getFile = async (client: BvClient, fileId: string): Promise<BvResponse> =>
  client.request('GET', `${FILES}/${fileId}`);
