import { randomUUID } from 'node:crypto';
import { apiTokenHash } from '@upload-sessions/dialect-blendvision/auth/api-token-directory';
import { rawRequest, type RawAnswer, type RawRequest } from './hostile/raw-http';
import { startService, type RunningService } from './service-harness';

jest.setTimeout(60_000);

const JSON_TYPE = { 'content-type': 'application/json' };
const SESSIONS = '/api/content/library/item/update-session';
const FILES = '/bv/cms/v1/library/files';

/** io-ts' generated type names (`Partial<{ id: string, … }>`, `{ a: string } & …`) in a message. */
const IO_TS_DUMP = /Partial<|\{ *\w+: |<\{|\} & \{|\(.* \| .*\)/;

const vapiMessage = (answer: RawAnswer | undefined): string =>
  (answer?.body as { messages?: { default_message?: string }[] } | undefined)?.messages?.[0]
    ?.default_message ?? '';

/**
 * Bodies as real clients send them: govmomi sends every body-less POST as `application/json` with an
 * empty chunked body, axios sends body-less DELETEs as `application/json` with `Content-Length: 0`.
 * Zero body bytes are no body on every route of both dialects; a form or plain-text body is refused
 * in the dialect's format with a message that says to send JSON, and never reaches a command.
 */
describe('request bodies as real clients send them [SQLite]', () => {
  let service: RunningService;
  const run = randomUUID().slice(0, 8);
  const user = { username: `gov-${run}`, password: `pw-${randomUUID()}`, organizationId: `org-${run}` };
  const bvToken = `tok-${randomUUID()}`;
  let vsphereToken = '';

  const send = (request: RawRequest): Promise<RawAnswer | undefined> => rawRequest(service.baseUrl, request);
  const vsphere = (request: RawRequest): Promise<RawAnswer | undefined> =>
    send({ ...request, headers: { 'vmware-api-session-id': vsphereToken, ...request.headers } });
  const bv = (request: RawRequest): Promise<RawAnswer | undefined> =>
    send({
      ...request,
      headers: { authorization: `Bearer ${bvToken}`, 'x-bv-org-id': user.organizationId, ...request.headers },
    });
  /** A JSON request with a JSON body, as any client sends it. */
  const json = (path: string, body: unknown): RawRequest => ({
    method: 'POST',
    path,
    headers: JSON_TYPE,
    body: JSON.stringify(body),
  });
  /** govmomi's body-less POST: `Content-Type: application/json`, `Transfer-Encoding: chunked`, no bytes. */
  const govmomiPost = (path: string): RawRequest => ({
    method: 'POST',
    path,
    headers: JSON_TYPE,
    chunked: true,
  });

  const newSession = async (): Promise<string> => {
    const library = await vsphere(
      json('/api/content/local-library', { name: `l-${randomUUID()}`, type: 'LOCAL' }),
    );
    expect(library?.status).toBe(201);
    const item = await vsphere(
      json('/api/content/library/item', {
        library_id: library?.body,
        name: `i-${randomUUID()}`,
        type: 'iso',
      }),
    );
    expect(item?.status).toBe(201);
    const session = await vsphere(json(SESSIONS, { library_item_id: item?.body }));
    expect(session?.status).toBe(201);
    return session?.body as string;
  };

  beforeAll(async () => {
    service = await startService({
      users: { alice: user, bob: { ...user, username: `other-${run}` } },
      env: {
        BV_API_TOKENS: JSON.stringify([
          { name: `t-${run}`, tokenHash: apiTokenHash(bvToken), organizationIds: [user.organizationId] },
        ]),
      },
    });
    const basic = Buffer.from(`${user.username}:${user.password}`).toString('base64');
    const login = await send({
      ...govmomiPost('/api/session'),
      headers: { ...JSON_TYPE, authorization: `Basic ${basic}`, 'vmware-use-header-authn': 'true' },
    });
    expect(login?.status).toBe(201);
    vsphereToken = login?.body as string;
  });
  afterAll(async () => service?.stop());

  describe('vSphere /api', () => {
    it('takes govmomi-style body-less POSTs: login, validate, complete, cancel', async () => {
      const completed = await newSession();
      const file = await vsphere(
        json(`${SESSIONS}/${completed}/file`, { name: 'a.iso', source_type: 'PUSH', size: 4 }),
      );
      expect(file?.status).toBe(201);
      const uri = (file?.body as { upload_endpoint: { uri: string } }).upload_endpoint.uri;
      expect((await fetch(uri, { method: 'PUT', body: 'abcd' })).status).toBe(200);
      const validate = await vsphere(govmomiPost(`${SESSIONS}/${completed}/file?action=validate`));
      expect([validate?.status, (validate?.body as { has_errors?: unknown }).has_errors]).toEqual([
        200,
        false,
      ]);
      expect((await vsphere(govmomiPost(`${SESSIONS}/${completed}?action=complete`)))?.status).toBe(204);

      const canceled = await newSession();
      // The same with Content-Length: 0 instead of chunking.
      const cancel = await vsphere({
        method: 'POST',
        path: `${SESSIONS}/${canceled}?action=cancel`,
        headers: JSON_TYPE,
        body: '',
      });
      expect(cancel?.status).toBe(204);
      const state = await vsphere({ method: 'GET', path: `${SESSIONS}/${canceled}` });
      expect((state?.body as { state?: unknown }).state).toBe('CANCELED');
      // A chunked empty body with another content type is no body either.
      const keepAlive = await vsphere({
        method: 'POST',
        path: `${SESSIONS}/${await newSession()}?action=keep-alive`,
        headers: { 'content-type': 'text/plain' },
        chunked: true,
      });
      expect(keepAlive?.status).toBe(204);
    });

    it('refuses a form body with 400 INVALID_ARGUMENT saying to send JSON, creating nothing', async () => {
      const before = await vsphere({ method: 'GET', path: '/api/content/local-library' });
      const form = await vsphere({
        method: 'POST',
        path: '/api/content/local-library',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=isos&type=LOCAL',
      });
      expect([form?.status, (form?.body as { error_type?: unknown }).error_type]).toEqual([
        400,
        'INVALID_ARGUMENT',
      ]);
      expect(vapiMessage(form)).toMatch(/application\/json/);
      expect(vapiMessage(form)).toMatch(/application\/x-www-form-urlencoded/);
      const after = await vsphere({ method: 'GET', path: '/api/content/local-library' });
      expect(after?.body).toEqual(before?.body);
    });

    it('refuses JSON sent as text/plain, saying to send application/json', async () => {
      const text = await vsphere({
        method: 'POST',
        path: '/api/content/local-library',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ name: 'isos', type: 'LOCAL' }),
      });
      expect(text?.status).toBe(400);
      expect(vapiMessage(text)).toMatch(/must be JSON sent with Content-Type: application\/json/);
      expect(vapiMessage(text)).not.toMatch(/name/);
    });

    it('names what the client sent, never io-ts type names', async () => {
      const notObject = await vsphere(json('/api/content/library/item', 'tiny.iso'));
      expect(notObject?.status).toBe(400);
      expect(vapiMessage(notObject)).toMatch(/a JSON object/);
      expect(vapiMessage(notObject)).not.toMatch(IO_TS_DUMP);
      const empty = await vsphere(govmomiPost('/api/content/library/item'));
      expect(empty?.status).toBe(400);
      expect(vapiMessage(empty)).not.toMatch(IO_TS_DUMP);
    });
  });

  describe('BlendVision /bv', () => {
    const startUpload = async (): Promise<string> => {
      const upload = await bv(
        json(`${FILES}:upload`, {
          file: {
            type: 'FILE_TYPE_VIDEO',
            source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
            name: 'clip.mp4',
            size: '1024',
          },
        }),
      );
      expect(upload?.status).toBe(200);
      return (upload?.body as { file: { id: string } }).file.id;
    };

    it('takes axios-style body-less DELETEs (JSON content type, no bytes), chunked or not', async () => {
      for (const chunked of [false, true]) {
        const fileId = await startUpload();
        const deleted = await bv({
          method: 'DELETE',
          path: `${FILES}/${fileId}`,
          headers: JSON_TYPE,
          ...(chunked ? { chunked: true } : { body: '' }),
        });
        expect([chunked, deleted?.status]).toEqual([chunked, 200]);
        const gone = await bv({ method: 'GET', path: `${FILES}/${fileId}` });
        expect(gone?.status).toBe(404);
      }
    });

    it('refuses a form body with 400 code 3 saying to send JSON, starting no upload', async () => {
      const form = await bv({
        method: 'POST',
        path: `${FILES}:upload`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'file.name=clip.mp4&file.size=1024',
      });
      expect([form?.status, (form?.body as { code?: unknown }).code]).toEqual([400, 3]);
      expect((form?.body as { message: string }).message).toMatch(/application\/json/);
      const list = await bv({ method: 'GET', path: `${FILES}?type=FILE_TYPE_VIDEO&filter.all=true` });
      expect((list?.body as { files: { name: string }[] }).files.map((f) => f.name)).not.toContain(
        'clip.mp4',
      );
    });

    it('refuses JSON sent as text/plain, saying to send application/json', async () => {
      const text = await bv({
        method: 'POST',
        path: `${FILES}:upload`,
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ file: { name: 'clip.mp4' } }),
      });
      expect([text?.status, (text?.body as { code?: unknown }).code]).toEqual([400, 3]);
      expect((text?.body as { message: string }).message).toMatch(
        /must be JSON sent with Content-Type: application\/json/,
      );
    });

    it('names what the client sent, never io-ts type names', async () => {
      const wrong = await bv(json(`${FILES}:upload`, { file: 'clip.mp4' }));
      expect([wrong?.status, (wrong?.body as { code?: unknown }).code]).toEqual([400, 3]);
      const message = (wrong?.body as { message: string }).message;
      expect(message).toMatch(/file/);
      expect(message).not.toMatch(IO_TS_DUMP);
      const empty = await bv(govmomiPost(`${FILES}:upload`));
      expect((empty?.body as { message: string }).message).not.toMatch(IO_TS_DUMP);
    });
  });
});
