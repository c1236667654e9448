/** vSphere steps over plain HTTP (no vendor-spec checks, so nothing is read from beside the repository). */

const call = async (
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  json?: unknown,
): Promise<unknown> => {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'vmware-api-session-id': token,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
};

export const vsphereLogin = async (baseUrl: string, username: string, password: string): Promise<string> => {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  });
  if (response.status !== 201) throw new Error(`login: ${response.status}`);
  return (await response.json()) as string;
};

/** A library item named `name` and an update session on it, optionally with one PUSH file of `size` bytes. */
export const vsphereSession = async (
  baseUrl: string,
  token: string,
  name: string,
  file?: { readonly name: string; readonly size: number },
): Promise<{ readonly sessionId: string; readonly uploadUri: string | undefined }> => {
  const library = (await call(baseUrl, token, 'POST', '/api/content/local-library', {
    name: `lib-${name}`,
    type: 'LOCAL',
  })) as string;
  const item = (await call(baseUrl, token, 'POST', '/api/content/library/item', {
    library_id: library,
    name,
    type: 'iso',
  })) as string;
  const sessionId = (await call(baseUrl, token, 'POST', '/api/content/library/item/update-session', {
    library_item_id: item,
  })) as string;
  if (file === undefined) return { sessionId, uploadUri: undefined };
  const info = (await call(
    baseUrl,
    token,
    'POST',
    `/api/content/library/item/update-session/${sessionId}/file`,
    {
      name: file.name,
      source_type: 'PUSH',
      size: file.size,
    },
  )) as { upload_endpoint?: { uri: string } };
  return { sessionId, uploadUri: info.upload_endpoint?.uri };
};

export const vsphereCancel = (baseUrl: string, token: string, sessionId: string): Promise<unknown> =>
  call(baseUrl, token, 'POST', `/api/content/library/item/update-session/${sessionId}?action=cancel`);
