import { randomBytes } from 'node:crypto';
import type { BvClient } from '../blendvision/bv-client';
import { FILES, partOf, type FileBody, type UploadPartInfo } from '../blendvision/bv-flow';
import { filesUrl, sessionsUrl, sessionUrl } from '../fixtures';
import type { VsphereClient } from '../http-client';

/** A command the service acknowledged (answered 2xx): it must be in the store after any crash. */
export type Ack =
  | { readonly kind: 'vs-item'; readonly itemId: string }
  | { readonly kind: 'vs-session'; readonly sessionId: string; readonly itemId: string }
  | { readonly kind: 'vs-file'; readonly sessionId: string; readonly name: string }
  | { readonly kind: 'vs-put'; readonly sessionId: string; readonly name: string; readonly size: number }
  | { readonly kind: 'vs-complete'; readonly sessionId: string }
  | { readonly kind: 'vs-cancel'; readonly sessionId: string }
  | { readonly kind: 'bv-upload'; readonly fileId: string; readonly uploadId: string }
  | { readonly kind: 'bv-part'; readonly uploadId: string; readonly part: number }
  | { readonly kind: 'bv-complete'; readonly uploadId: string }
  | { readonly kind: 'bv-cancel'; readonly uploadId: string }
  | { readonly kind: 'bv-delete'; readonly fileId: string };

export interface BurstRecord {
  readonly acks: Ack[];
  /** Answers that were not 2xx, by status (expected: none but the kill's dropped connections). */
  readonly refused: Record<string, number>;
  /** Requests the kill cut off (no answer): each may or may not have been applied. */
  cutOff: number;
  /** Anything else that went wrong (a body off the vendor contract...): must stay empty. */
  readonly problems: string[];
}

export const newRecord = (): BurstRecord => ({ acks: [], refused: {}, cutOff: 0, problems: [] });

class CutOff extends Error {}

/** A request's answer, or CutOff when the connection died (the service was killed). */
const attempt = async <T>(record: BurstRecord, what: string, run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    // Errors of fetch come from another realm under Jest: read them by shape, not instanceof.
    const { name, message } = error as { name?: unknown; message?: unknown };
    // A dropped connection is a TypeError 'fetch failed'; anything else is a finding.
    if (name === 'TypeError' && message === 'fetch failed') throw new CutOff(message);
    record.problems.push(`${what}: ${String(message ?? error)}`);
    throw new CutOff(String(message));
  }
};

const ok = (record: BurstRecord, what: string, status: number, expected: number): boolean => {
  if (status === expected) return true;
  const key = `${what} ${status}`;
  record.refused[key] = (record.refused[key] ?? 0) + 1;
  return false;
};

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/**
 * vSphere: create an item and a session on it, add a file, PUT its bytes, then complete, cancel or
 * leave it, until cut off.
 */
export const vsphereWorker = async (
  client: VsphereClient,
  libraryId: string,
  record: BurstRecord,
): Promise<void> => {
  try {
    for (;;) {
      const item = await attempt(record, 'create item', () =>
        client.request('POST', '/api/content/library/item', {
          json: { library_id: libraryId, name: `item-${Math.random().toString(36).slice(2)}`, type: 'iso' },
        }),
      );
      if (!ok(record, 'create item', item.status, 201)) continue;
      const itemId = item.body as string;
      record.acks.push({ kind: 'vs-item', itemId });
      const created = await attempt(record, 'create session', () =>
        client.request('POST', sessionsUrl, { json: { library_item_id: itemId } }),
      );
      if (!ok(record, 'create session', created.status, 201)) continue;
      const sessionId = created.body as string;
      record.acks.push({ kind: 'vs-session', sessionId, itemId });
      const added = await attempt(record, 'add file', () =>
        client.request('POST', filesUrl(sessionId), { json: { name: 'data.bin', source_type: 'PUSH' } }),
      );
      if (!ok(record, 'add file', added.status, 201)) continue;
      record.acks.push({ kind: 'vs-file', sessionId, name: 'data.bin' });
      const uri = (added.body as { upload_endpoint: { uri: string } }).upload_endpoint.uri;
      const bytes = randomBytes(1024 + Math.floor(Math.random() * 48 * 1024));
      const put = await attempt(record, 'PUT', async () => {
        const response = await fetch(uri, {
          method: 'PUT',
          body: bytes,
          headers: { 'content-type': 'application/octet-stream' },
        });
        const text = await response.text();
        client.check(
          'PUT',
          new URL(uri).pathname,
          response.status,
          text === '' ? undefined : JSON.parse(text),
        );
        return response;
      });
      if (!ok(record, 'PUT', put.status, 200)) continue;
      record.acks.push({ kind: 'vs-put', sessionId, name: 'data.bin', size: bytes.length });
      const ending = pick(['complete', 'complete', 'cancel', 'leave'] as const);
      if (ending === 'leave') continue;
      const ended = await attempt(record, ending, () =>
        client.request('POST', `${sessionUrl(sessionId)}?action=${ending}`),
      );
      if (ok(record, ending, ended.status, 204))
        record.acks.push({ kind: ending === 'complete' ? 'vs-complete' : 'vs-cancel', sessionId });
    }
  } catch (error) {
    if (!(error instanceof CutOff)) throw error;
    record.cutOff += 1;
  }
};

/** BlendVision: upload, PUT the parts, then complete, cancel, delete or leave it, until cut off. */
export const bvWorker = async (client: BvClient, partSize: number, record: BurstRecord): Promise<void> => {
  try {
    for (;;) {
      const data = randomBytes(partSize + 1 + Math.floor(Math.random() * partSize));
      const started = await attempt(record, 'upload', () =>
        client.request('POST', `${FILES}:upload`, {
          json: {
            file: {
              type: 'FILE_TYPE_VIDEO',
              source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
              name: 'burst.mp4',
              size: String(data.length),
            },
          },
        }),
      );
      if (!ok(record, 'upload', started.status, 200)) continue;
      const body = started.body as { file: FileBody; upload_data: { id: string; parts: UploadPartInfo[] } };
      const fileId = body.file.id;
      const uploadId = body.upload_data.id;
      record.acks.push({ kind: 'bv-upload', fileId, uploadId });
      const etags: { part_number: number; etag: string }[] = [];
      for (const part of body.upload_data.parts) {
        const put = await attempt(record, 'PUT part', () =>
          client.putPart(part.presigned_url, partOf(data, partSize, part.part_number)),
        );
        if (!ok(record, 'PUT part', put.status, 200)) break;
        record.acks.push({ kind: 'bv-part', uploadId, part: part.part_number });
        etags.push({ part_number: part.part_number, etag: put.headers.get('etag') ?? '' });
      }
      const ending = pick(['complete', 'complete', 'cancel', 'delete', 'leave'] as const);
      if (ending === 'leave') continue;
      const url =
        ending === 'complete'
          ? `${FILES}/${fileId}:complete-upload`
          : ending === 'cancel'
            ? `${FILES}/${fileId}:cancel-upload`
            : `${FILES}/${fileId}`;
      const json =
        ending === 'complete'
          ? { complete_data: { id: uploadId, parts: etags } }
          : ending === 'cancel'
            ? { upload_id: uploadId }
            : undefined;
      const ended = await attempt(record, ending, () =>
        client.request(ending === 'delete' ? 'DELETE' : 'POST', url, json === undefined ? {} : { json }),
      );
      if (!ok(record, ending, ended.status, 200)) continue;
      record.acks.push(
        ending === 'complete'
          ? { kind: 'bv-complete', uploadId }
          : ending === 'cancel'
            ? { kind: 'bv-cancel', uploadId }
            : { kind: 'bv-delete', fileId },
      );
    }
  } catch (error) {
    if (!(error instanceof CutOff)) throw error;
    record.cutOff += 1;
  }
};
