import type { VsphereClient } from './http-client';

/** Steps most e2e tests share, each asserting its own success so a broken step fails loudly. */

const expectStatus = (what: string, status: number, expected: number, body: unknown): void => {
  if (status !== expected)
    throw new Error(`${what}: expected ${expected}, got ${status} ${JSON.stringify(body)}`);
};

export const sessionsUrl = '/api/content/library/item/update-session';
export const sessionUrl = (id: string): string => `${sessionsUrl}/${id}`;
export const filesUrl = (id: string): string => `${sessionUrl(id)}/file`;

export const createLibrary = async (
  client: VsphereClient,
  name = `lib-${Math.random().toString(36).slice(2)}`,
): Promise<string> => {
  const response = await client.request('POST', '/api/content/local-library', {
    json: { name, type: 'LOCAL' },
  });
  expectStatus('create local library', response.status, 201, response.body);
  return response.body as string;
};

export const createItem = async (client: VsphereClient, libraryId?: string): Promise<string> => {
  const library = libraryId ?? (await createLibrary(client));
  const response = await client.request('POST', '/api/content/library/item', {
    json: { library_id: library, name: `item-${Math.random().toString(36).slice(2)}`, type: 'iso' },
  });
  expectStatus('create library item', response.status, 201, response.body);
  return response.body as string;
};

export const createSession = async (client: VsphereClient, itemId?: string): Promise<string> => {
  const item = itemId ?? (await createItem(client));
  const response = await client.request('POST', sessionsUrl, { json: { library_item_id: item } });
  expectStatus('create update session', response.status, 201, response.body);
  return response.body as string;
};

export interface FileInfo {
  readonly name: string;
  readonly status: string;
  readonly bytes_transferred: number;
  readonly size?: number;
  readonly upload_endpoint?: { readonly uri: string };
  readonly checksum_info?: { readonly algorithm?: string; readonly checksum: string };
  readonly error_message?: { readonly default_message: string };
}

export const addFile = async (
  client: VsphereClient,
  sessionId: string,
  spec: { name: string; size?: number; checksum_info?: { algorithm?: string; checksum: string } },
): Promise<FileInfo> => {
  const response = await client.request('POST', filesUrl(sessionId), {
    json: { source_type: 'PUSH', ...spec },
  });
  expectStatus('add file', response.status, 201, response.body);
  return response.body as FileInfo;
};

/** PUTs bytes to an upload URI (no session header: the URI's token authorises it). */
export const putBytes = async (client: VsphereClient, uri: string, data: Buffer | string) => {
  const response = await fetch(uri, {
    method: 'PUT',
    body: data,
    headers: { 'content-type': 'application/octet-stream' },
  });
  const text = await response.text();
  const body = text === '' ? undefined : (JSON.parse(text) as unknown);
  client.check('PUT', new URL(uri).pathname, response.status, body);
  return { status: response.status, body, headers: response.headers };
};

export const getSession = async (
  client: VsphereClient,
  sessionId: string,
): Promise<Record<string, unknown>> => {
  const response = await client.request('GET', sessionUrl(sessionId));
  expectStatus('get update session', response.status, 200, response.body);
  return response.body as Record<string, unknown>;
};

export const errorType = (body: unknown): unknown =>
  (body as { error_type?: unknown } | undefined)?.error_type;
