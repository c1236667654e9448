/**
 * govmomi (VMware's Go SDK: govc, Terraform's and Packer's vSphere providers) against this service,
 * on the legacy `/rest/com/vmware/…` family its content-library client speaks and on `/api`. What
 * govmomi sends and expects, read from its code (paths in the vmware/govmomi repository):
 *
 * | what | govmomi sends | govmomi expects | where |
 * | --- | --- | --- | --- |
 * | every request | `Accept: application/json`; after login `vmware-api-session-id: <token>`; cookies of its jar | 200/201/202 → decode; 204 → nothing; 400 → error with the body text; else a status error (`IsStatusError`, 401 → "no session") | vapi/rest/client.go `Do`, vim25/soap/client.go (`cookiejar`) |
 * | body-less POST (cancel, complete, fail, keep-alive, validate, `?~action=get` of the session) | `Content-Type: application/json` + empty chunked body (`io.MultiReader()` of no readers) | as above | vapi/internal/internal.go & vapi/rest/resource.go `Request`, client.go `Do` |
 * | POST with a body | `json.Encoder` output (trailing newline), Content-Length | | resource.go `encode` |
 * | login | `POST /rest/com/vmware/cis/session`, Basic auth, `vmware-use-header-authn: true` | `{"value": "<token>"}` | client.go `Login`, internal.go `SessionPath` |
 * | session check | `POST …/cis/session?~action=get` | `{"value": {user, created_time, last_accessed_time}}`, 401 = not logged in | client.go `Session`, session/cache/session.go `restSessionValid` |
 * | logout | `DELETE /rest/com/vmware/cis/session` | 2xx | client.go `Logout` |
 * | create local library | `POST /rest/com/vmware/content/local-library` `{"create_spec": {name, type, storage_backings…}}` | `{"value": "<id>"}` | vapi/library/library.go `CreateLibrary` |
 * | list / find / get libraries | `GET …/content/library`; `POST …/library?~action=find` `{"spec": {name, type}}`; `GET …/library/id:<id>` | `{"value": [ids]}`, `{"value": Library}` | library.go `ListLibraries`, `FindLibrary`, `GetLibraryByID` |
 * | create / list / find / get items | `POST …/library/item` `{"create_spec": {name, description, library_id, type}}`; `GET …/item?library_id=`; `POST …/item?~action=find` `{"spec": …}`; `GET …/item/id:<id>` | `{"value": id}`, ids, `Item` | vapi/library/library_item.go |
 * | update session | `POST …/item/update-session` `{"create_spec": {"library_item_id"}}`; `GET …/update-session[/id:<id>]`; `POST …/id:<id>?~action=cancel\|complete\|fail\|keep-alive` (body-less, also `fail`); `DELETE …/id:<id>` | `{"value": id}`, `{"value": Session}` | vapi/library/library_item_updatesession.go |
 * | poll | `GET …/update-session/id:<id>` until `state` is not `ACTIVE` | | same file, `WaitOnLibraryItemUpdateSession` |
 * | session files (`updatesession`, no dash) | `POST …/item/updatesession/file/id:<session>?~action=add` `{"file_spec": {name, source_type, size, checksum_info}}`; `?~action=get\|remove` `{"file_name"}`; `?~action=validate` body-less; list `GET …/updatesession/file?update_session_id=` | `{"value": UpdateFile}` (an `ERROR` status fails `add`) | vapi/library/library_item_updatesession_file.go, internal.go `LibraryItemUpdateSessionFile` |
 * | upload | `PUT upload_endpoint.uri`, `Content-Type: application/octet-stream`, Content-Length = size, `vmware-api-session-id: <update session id>`, no `Expect: 100-continue` | 200 or 201 | govc/library/import.go, vim25/soap/client.go `Upload`/`DefaultUpload` |
 * | errors | | `{"type": "com.vmware.vapi.std.errors.<kind>", "value": {"messages": […]}}` on `/rest`; the std error kinds of vapi/rest/errors.go | client.go `isAPI` (`/rest` is value-wrapped with structured errors) |
 * | `/api` | the same headers; body-less POSTs the same empty chunked JSON | raw (unwrapped) answers | client.go `isAPI`, `Resource` |
 */
import { randomBytes } from 'node:crypto';
import { describeEachBackend } from '../backends';
import { slowPut } from '../blendvision/slow-put';
import { waitFor } from '../blendvision/wait-for';
import { GovmomiWire, govmomiOutcome, RestContract, type WireAnswer } from '../govmomi/govmomi-client';
import { startService, type RunningService } from '../service-harness';

const contract = RestContract.load();
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const CL = '/rest/com/vmware/content';
const SESSIONS = `${CL}/library/item/update-session`;
const FILES = `${CL}/library/item/updatesession/file`;
const API_SESSIONS = '/api/content/library/item/update-session';

interface FileInfo {
  readonly name: string;
  readonly status: string;
  readonly bytes_transferred: number;
  readonly size?: number;
  readonly upload_endpoint?: { readonly uri: string };
  readonly error_message?: { readonly default_message: string };
}

/** A `/rest` success: 200 with `{"value": …}` (or no body for void operations), read as govmomi does. */
const valueOf = (path: string, answer: WireAnswer): unknown => {
  expect([answer.status, answer.text.slice(0, 300)]).toEqual([200, answer.text.slice(0, 300)]);
  const outcome = govmomiOutcome(path, answer);
  if ('error' in outcome) throw new Error(outcome.error);
  if (answer.text !== '') expect(Object.keys(answer.body as object)).toEqual(['value']);
  return outcome.result;
};

/** The `value` checked against the schema of the `/api` operation it corresponds to. */
const checked = (value: unknown, method: string, apiPath: string, apiStatus: number): unknown => {
  expect(contract.checkValue(method, apiPath, apiStatus, value)).toEqual([]);
  return value;
};

/** A `/rest` error: its status and the kind in `type`, the body checked against the std error schemas. */
const restError = (answer: WireAnswer): [number, string] => {
  expect(contract.checkError(answer.body)).toEqual([]);
  expect(Object.keys(answer.body as object).sort()).toEqual(['type', 'value']);
  return [answer.status, (answer.body as { type: string }).type];
};

const std = (kind: string): string => `com.vmware.vapi.std.errors.${kind}`;

describeEachBackend('govmomi on the legacy /rest family and on /api', (env) => {
  let service: RunningService;
  let govc: GovmomiWire;

  const login = async (wire: GovmomiWire): Promise<WireAnswer> => {
    const { username, password } = service.users!.alice;
    const answer = await wire.call('POST', '/rest/com/vmware/cis/session', undefined, {
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      'vmware-use-header-authn': 'true',
    });
    wire.sessionId = valueOf('/rest', answer) as string;
    return answer;
  };

  const createLibrary = async (name = `lib-${randomBytes(4).toString('hex')}`): Promise<string> => {
    const answer = await govc.call('POST', `${CL}/local-library`, {
      create_spec: { name, type: 'LOCAL', storage_backings: [{ type: 'OTHER' }] },
    });
    return checked(valueOf(CL, answer), 'POST', '/api/content/local-library', 201) as string;
  };

  const createItem = async (libraryId: string, name = 'tiny.iso'): Promise<string> => {
    const answer = await govc.call('POST', `${CL}/library/item`, {
      create_spec: { name, description: '', library_id: libraryId, type: 'iso' },
    });
    return checked(valueOf(CL, answer), 'POST', '/api/content/library/item', 201) as string;
  };

  const createSession = async (itemId: string): Promise<string> => {
    const answer = await govc.call('POST', SESSIONS, { create_spec: { library_item_id: itemId } });
    return checked(valueOf(SESSIONS, answer), 'POST', API_SESSIONS, 201) as string;
  };

  const addFile = async (sessionId: string, name: string, size: number): Promise<FileInfo> => {
    const answer = await govc.call('POST', `${FILES}/id:${sessionId}?~action=add`, {
      file_spec: { name, source_type: 'PUSH', size },
    });
    return checked(valueOf(FILES, answer), 'POST', `${API_SESSIONS}/${sessionId}/file`, 201) as FileInfo;
  };

  const getFile = async (sessionId: string, name: string): Promise<FileInfo> => {
    const answer = await govc.call('POST', `${FILES}/id:${sessionId}?~action=get`, { file_name: name });
    return checked(
      valueOf(FILES, answer),
      'GET',
      `${API_SESSIONS}/${sessionId}/file/${name}`,
      200,
    ) as FileInfo;
  };

  const getSession = async (sessionId: string): Promise<{ state: string; library_item_id: string }> => {
    const answer = await govc.call('GET', `${SESSIONS}/id:${sessionId}`);
    return checked(valueOf(SESSIONS, answer), 'GET', `${API_SESSIONS}/${sessionId}`, 200) as {
      state: string;
      library_item_id: string;
    };
  };

  /** govmomi's `WaitOnLibraryItemUpdateSession`: poll until the state is no longer ACTIVE. */
  const waitOnSession = async (sessionId: string): Promise<string> => {
    let state = 'ACTIVE';
    await waitFor(`update session ${sessionId} to leave ACTIVE`, async () => {
      state = (await getSession(sessionId)).state;
      return state !== 'ACTIVE';
    });
    return state;
  };

  beforeAll(async () => {
    service = await startService({ env });
    govc = new GovmomiWire(service.baseUrl);
    await login(govc);
  });
  afterAll(async () => service?.stop());

  it('logs in with Basic auth: {"value": token}, the token also as a cookie; ?~action=get describes the login', async () => {
    const wire = new GovmomiWire(service.baseUrl);
    const answer = await login(wire);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(wire.sent[0]!.headers['transfer-encoding']).toBe('chunked');
    expect(wire.cookies.get('vmware-api-session-id')).toEqual({ value: wire.sessionId, path: '/rest' });

    const info = valueOf('/rest', await wire.call('POST', '/rest/com/vmware/cis/session?~action=get')) as {
      user: string;
      created_time: string;
      last_accessed_time: string;
    };
    expect(info.user).toBe(service.users!.alice.username);
    expect(Number.isNaN(Date.parse(info.created_time))).toBe(false);
    expect(Number.isNaN(Date.parse(info.last_accessed_time))).toBe(false);

    // A client that keeps only the cookie (no header) is logged in too.
    wire.sendSessionHeader = false;
    expect((await wire.call('GET', `${CL}/library`)).status).toBe(200);
    wire.sendSessionHeader = true;

    // Logout: 200, the token and cookie stop working; a second logout is 401.
    const token = wire.sessionId!;
    expect((await wire.call('DELETE', '/rest/com/vmware/cis/session')).status).toBe(200);
    expect(wire.cookies.has('vmware-api-session-id')).toBe(false);
    expect(restError(await wire.call('GET', `${CL}/library`))).toEqual([401, std('unauthenticated')]);
    expect(restError(await wire.call('DELETE', '/rest/com/vmware/cis/session'))).toEqual([
      401,
      std('unauthenticated'),
    ]);
    expect(
      restError(
        await wire.call('GET', `${CL}/library`, undefined, { cookie: `vmware-api-session-id=${token}` }),
      ),
    ).toEqual([401, std('unauthenticated')]);
    // What govmomi's Session() reads as "not logged in".
    const check = await wire.call('POST', '/rest/com/vmware/cis/session?~action=get');
    expect(govmomiOutcome('/rest', check)).toEqual({ error: '401' });
  });

  it('refuses wrong credentials and requests without a login with /rest error bodies (401)', async () => {
    const wire = new GovmomiWire(service.baseUrl);
    const refused = await wire.call('POST', '/rest/com/vmware/cis/session', undefined, {
      authorization: `Basic ${Buffer.from('alice:wrong').toString('base64')}`,
      'vmware-use-header-authn': 'true',
    });
    expect(restError(refused)).toEqual([401, std('unauthenticated')]);
    expect(restError(await wire.call('GET', `${CL}/library`))).toEqual([401, std('unauthenticated')]);
    expect(restError(await wire.call('POST', `${SESSIONS}/id:${UNKNOWN}?~action=cancel`))).toEqual([
      401,
      std('unauthenticated'),
    ]);
  });

  it('runs govc library.import on /rest: find, create library and item, session, add, PUT, complete, poll', async () => {
    const name = `isos-${randomBytes(4).toString('hex')}`;
    // govc's finder looks the library up by name first (not found: an empty list).
    const before = valueOf(CL, await govc.call('POST', `${CL}/library?~action=find`, { spec: { name } }));
    expect(before).toEqual([]);
    const libraryId = await createLibrary(name);
    expect(
      valueOf(
        CL,
        await govc.call('POST', `${CL}/library?~action=find`, { spec: { name: name.toUpperCase() } }),
      ),
    ).toEqual([libraryId]);
    expect(
      checked(valueOf(CL, await govc.call('GET', `${CL}/library`)), 'GET', '/api/content/library', 200),
    ).toContain(libraryId);
    expect(
      checked(
        valueOf(CL, await govc.call('GET', `${CL}/local-library`)),
        'GET',
        '/api/content/local-library',
        200,
      ),
    ).toContain(libraryId);
    for (const path of [`${CL}/library/id:${libraryId}`, `${CL}/local-library/id:${libraryId}`]) {
      const library = checked(
        valueOf(CL, await govc.call('GET', path)),
        'GET',
        `/api/content/library/${libraryId}`,
        200,
      );
      expect(library).toMatchObject({ id: libraryId, name, type: 'LOCAL' });
    }

    const itemId = await createItem(libraryId);
    expect(valueOf(CL, await govc.call('GET', `${CL}/library/item?library_id=${libraryId}`))).toEqual([
      itemId,
    ]);
    expect(
      valueOf(
        CL,
        await govc.call('POST', `${CL}/library/item?~action=find`, {
          spec: { library_id: libraryId, name: 'TINY.iso' },
        }),
      ),
    ).toEqual([itemId]);
    expect(
      valueOf(
        CL,
        await govc.call('POST', `${CL}/library/item?~action=find`, { spec: { name: 'nothing-like-it' } }),
      ),
    ).toEqual([]);

    const sessionId = await createSession(itemId);
    expect(valueOf(SESSIONS, await govc.call('GET', SESSIONS))).toContain(sessionId);
    expect(await getSession(sessionId)).toMatchObject({ state: 'ACTIVE', library_item_id: itemId });

    const data = randomBytes(64 * 1024 + 3);
    const added = await addFile(sessionId, 'tiny.iso', data.length);
    expect(added).toMatchObject({ name: 'tiny.iso', status: 'WAITING_FOR_TRANSFER', bytes_transferred: 0 });
    const put = await govc.upload(added.upload_endpoint!.uri, data, sessionId);
    expect(put.status).toBe(200);
    expect(govc.sent.at(-1)!.headers['expect']).toBeUndefined();
    expect(await getFile(sessionId, 'tiny.iso')).toMatchObject({
      status: 'READY',
      bytes_transferred: data.length,
      size: data.length,
    });
    const listed = valueOf(FILES, await govc.call('GET', `${FILES}?update_session_id=${sessionId}`));
    checked(listed, 'GET', `${API_SESSIONS}/${sessionId}/file`, 200);
    expect((listed as FileInfo[]).map((f) => f.name)).toEqual(['tiny.iso']);
    // Each file info carries a freshly signed upload URI: compare the rest.
    const withoutUri = (files: unknown) =>
      (files as FileInfo[]).map(({ upload_endpoint: _uri, ...rest }) => rest);
    const viaAction = valueOf(FILES, await govc.call('POST', `${FILES}/id:${sessionId}?~action=list`));
    expect(withoutUri(viaAction)).toEqual(withoutUri(listed));
    const validation = valueOf(FILES, await govc.call('POST', `${FILES}/id:${sessionId}?~action=validate`));
    checked(validation, 'POST', `${API_SESSIONS}/${sessionId}/file?action=validate`, 200);
    expect(validation).toMatchObject({ has_errors: false });

    const keepAlive = await govc.call('POST', `${SESSIONS}/id:${sessionId}?~action=keep-alive`);
    expect([keepAlive.status, keepAlive.text]).toEqual([200, '']);
    const completed = await govc.call('POST', `${SESSIONS}/id:${sessionId}?~action=complete`);
    expect([completed.status, completed.text]).toEqual([200, '']);
    expect(await waitOnSession(sessionId)).toBe('DONE');

    const item = checked(
      valueOf(CL, await govc.call('GET', `${CL}/library/item/id:${itemId}`)),
      'GET',
      `/api/content/library/item/${itemId}`,
      200,
    );
    expect(item).toMatchObject({
      id: itemId,
      library_id: libraryId,
      content_version: '2',
      size: data.length,
    });
    const files = valueOf(CL, await govc.call('GET', `${CL}/library/item/file?library_item_id=${itemId}`));
    expect(files).toMatchObject([{ name: 'tiny.iso', size: data.length }]);

    // Ended sessions can be deleted (200, no body); then they are gone.
    const deleted = await govc.call('DELETE', `${SESSIONS}/id:${sessionId}`);
    expect([deleted.status, deleted.text]).toEqual([200, '']);
    expect(restError(await govc.call('GET', `${SESSIONS}/id:${sessionId}`))).toEqual([404, std('not_found')]);
  });

  it('cancels on /rest (200); a second cancel and a complete after it are NOT_ALLOWED_IN_CURRENT_STATE (400)', async () => {
    const itemId = await createItem(await createLibrary());
    const sessionId = await createSession(itemId);
    const added = await addFile(sessionId, 'a.iso', 10);
    expect((await govc.upload(added.upload_endpoint!.uri, Buffer.from('0123456789'), sessionId)).status).toBe(
      200,
    );
    const canceled = await govc.call('POST', `${SESSIONS}/id:${sessionId}?~action=cancel`);
    expect([canceled.status, canceled.text]).toEqual([200, '']);
    expect(await waitOnSession(sessionId)).toBe('CANCELED');
    for (const action of ['cancel', 'complete', 'keep-alive', 'fail']) {
      const again = await govc.call('POST', `${SESSIONS}/id:${sessionId}?~action=${action}`);
      expect(restError(again)).toEqual([400, std('not_allowed_in_current_state')]);
      // govmomi reads a 400 as an error carrying the body.
      expect(govmomiOutcome(SESSIONS, again)).toEqual({ error: `400 Bad Request: ${again.text}` });
    }
    const validate = await govc.call('POST', `${FILES}/id:${sessionId}?~action=validate`);
    expect(restError(validate)).toEqual([400, std('not_allowed_in_current_state')]);
  });

  it('fails a session with govmomi body-less ~action=fail (state ERROR with a message)', async () => {
    const sessionId = await createSession(await createItem(await createLibrary()));
    expect((await govc.call('POST', `${SESSIONS}/id:${sessionId}?~action=fail`)).status).toBe(200);
    expect(await waitOnSession(sessionId)).toBe('ERROR');
    const model = (await getSession(sessionId)) as unknown as { error_message: { default_message: string } };
    expect(model.error_message.default_message).toBe('The client failed the update session.');
    const other = await createSession(await createItem(await createLibrary()));
    const failed = await govc.call('POST', `${SESSIONS}/id:${other}?~action=fail`, {
      client_error_message: 'disk 2 unreadable',
    });
    expect(failed.status).toBe(200);
    expect(
      ((await getSession(other)) as unknown as { error_message: { default_message: string } }).error_message
        .default_message,
    ).toBe('disk 2 unreadable');
  });

  it('removes a file (~action=remove) and updates warning behavior (PATCH update_spec)', async () => {
    const sessionId = await createSession(await createItem(await createLibrary()));
    await addFile(sessionId, 'gone.iso', 3);
    const removed = await govc.call('POST', `${FILES}/id:${sessionId}?~action=remove`, {
      file_name: 'gone.iso',
    });
    expect([removed.status, removed.text]).toEqual([200, '']);
    const missing = await govc.call('POST', `${FILES}/id:${sessionId}?~action=get`, {
      file_name: 'gone.iso',
    });
    expect(restError(missing)).toEqual([400, std('invalid_argument')]);
    const patched = await govc.call('PATCH', `${SESSIONS}/id:${sessionId}`, {
      update_spec: { warning_behavior: [{ type: 'SELF_SIGNED_CERTIFICATE', ignored: true }] },
    });
    expect([patched.status, patched.text]).toEqual([200, '']);
    expect(await getSession(sessionId)).toMatchObject({
      warning_behavior: [{ type: 'SELF_SIGNED_CERTIFICATE', ignored: true }],
    });
  });

  it('answers /rest errors with the /api statuses and {"type", "value": {"messages"}} bodies', async () => {
    const itemId = await createItem(await createLibrary());
    const sessionId = await createSession(itemId);
    // A second ACTIVE session on the item: RESOURCE_BUSY, 500 as the vendor spec declares it.
    const busy = await govc.call('POST', SESSIONS, { create_spec: { library_item_id: itemId } });
    expect(restError(busy)).toEqual([500, std('resource_busy')]);
    expect(restError(await govc.call('GET', `${SESSIONS}/id:${UNKNOWN}`))).toEqual([404, std('not_found')]);
    expect(restError(await govc.call('POST', `${SESSIONS}/id:${UNKNOWN}?~action=cancel`))).toEqual([
      404,
      std('not_found'),
    ]);
    expect(restError(await govc.call('GET', `${CL}/library/id:${UNKNOWN}`))).toEqual([404, std('not_found')]);
    expect(restError(await govc.call('GET', `${CL}/library/item/id:${UNKNOWN}`))).toEqual([
      404,
      std('not_found'),
    ]);
    // No id: segment, or an id that is not one: 404 and 400.
    expect(restError(await govc.call('GET', `${SESSIONS}/${sessionId}`))).toEqual([404, std('not_found')]);
    expect(restError(await govc.call('GET', `${SESSIONS}/id:not-an-id`))).toEqual([
      400,
      std('invalid_argument'),
    ]);
    // Unknown routes and actions, unwrapped bodies, malformed JSON, wrong types.
    expect(restError(await govc.call('GET', '/rest/com/vmware/nothing-here'))).toEqual([
      404,
      std('not_found'),
    ]);
    expect(restError(await govc.call('POST', `${SESSIONS}/id:${sessionId}?~action=explode`))).toEqual([
      400,
      std('invalid_argument'),
    ]);
    expect(restError(await govc.call('POST', SESSIONS, { library_item_id: itemId }))).toEqual([
      400,
      std('invalid_argument'),
    ]);
    expect(
      restError(
        await govc.call('POST', `${FILES}/id:${sessionId}?~action=add`, {
          file_spec: { name: 'x.iso', source_type: 'PUSH', size: -1 },
        }),
      ),
    ).toEqual([400, std('invalid_argument')]);
    const malformed = await fetch(`${service.baseUrl}${SESSIONS}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'vmware-api-session-id': govc.sessionId! },
      body: '{"create_spec": {',
    });
    const malformedBody: unknown = await malformed.json();
    expect(contract.checkError(malformedBody)).toEqual([]);
    expect([malformed.status, (malformedBody as { type: string }).type]).toEqual([
      400,
      std('invalid_argument'),
    ]);
    const message = (busy.body as { value: { messages: { id: string; default_message: string }[] } }).value
      .messages[0]!;
    expect(message.default_message).toContain(itemId);
  });

  it("keeps organizations apart: another organization's libraries, items and sessions are 404 and unlisted", async () => {
    const libraryId = await createLibrary();
    const itemId = await createItem(libraryId);
    const sessionId = await createSession(itemId);
    const bob = new GovmomiWire(service.baseUrl);
    const { username, password } = service.users!.bob;
    const answer = await bob.call('POST', '/rest/com/vmware/cis/session', undefined, {
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      'vmware-use-header-authn': 'true',
    });
    bob.sessionId = valueOf('/rest', answer) as string;
    for (const path of [
      `${CL}/library/id:${libraryId}`,
      `${CL}/local-library/id:${libraryId}`,
      `${CL}/library/item/id:${itemId}`,
      `${CL}/library/item?library_id=${libraryId}`,
      `${SESSIONS}/id:${sessionId}`,
      `${FILES}?update_session_id=${sessionId}`,
    ]) {
      expect([path, ...restError(await bob.call('GET', path))]).toEqual([path, 404, std('not_found')]);
    }
    for (const action of ['cancel', 'complete', 'fail', 'keep-alive']) {
      const refused = await bob.call('POST', `${SESSIONS}/id:${sessionId}?~action=${action}`);
      expect(restError(refused)).toEqual([404, std('not_found')]);
    }
    const add = await bob.call('POST', `${FILES}/id:${sessionId}?~action=add`, {
      file_spec: { name: 'x.iso', source_type: 'PUSH', size: 1 },
    });
    expect(restError(add)).toEqual([404, std('not_found')]);
    expect(valueOf(CL, await bob.call('GET', `${CL}/library`))).not.toContain(libraryId);
    expect(valueOf(SESSIONS, await bob.call('GET', SESSIONS))).not.toContain(sessionId);
    const found = await bob.call('POST', `${CL}/library/item?~action=find`, { spec: { name: 'tiny.iso' } });
    expect(valueOf(CL, found)).not.toContain(itemId);
    expect(await getSession(sessionId)).toMatchObject({ state: 'ACTIVE' });
  });

  it('shares sessions between the families: created on /api, seen and canceled on /rest, and the other way round', async () => {
    const itemId = await createItem(await createLibrary());
    const api = async (method: string, path: string, body?: unknown) => govc.call(method, path, body);

    // /api login token works on /rest and the /rest token on /api.
    const { username, password } = service.users!.alice;
    const apiLogin = await new GovmomiWire(service.baseUrl).call('POST', '/api/session', undefined, {
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
    });
    expect(apiLogin.status).toBe(201);
    const viaApiToken = new GovmomiWire(service.baseUrl);
    viaApiToken.sessionId = apiLogin.body as string;
    expect((await viaApiToken.call('GET', `${CL}/library`)).status).toBe(200);
    expect((await govc.call('GET', '/api/content/library')).status).toBe(200);

    const created = await api('POST', API_SESSIONS, { library_item_id: itemId });
    expect(created.status).toBe(201);
    const fromApi = created.body as string;
    expect(await getSession(fromApi)).toMatchObject({ state: 'ACTIVE', library_item_id: itemId });
    expect(valueOf(SESSIONS, await govc.call('GET', `${SESSIONS}?library_item_id=${itemId}`))).toEqual([
      fromApi,
    ]);
    expect((await govc.call('POST', `${SESSIONS}/id:${fromApi}?~action=cancel`)).status).toBe(200);
    expect(((await api('GET', `${API_SESSIONS}/${fromApi}`)).body as { state: string }).state).toBe(
      'CANCELED',
    );

    const fromRest = await createSession(itemId);
    const apiView = await api('GET', `${API_SESSIONS}/${fromRest}`);
    expect([apiView.status, (apiView.body as { state: string }).state]).toEqual([200, 'ACTIVE']);
    const apiCancel = await api('POST', `${API_SESSIONS}/${fromRest}?action=cancel`);
    expect(apiCancel.status).toBe(204);
    expect(await waitOnSession(fromRest)).toBe('CANCELED');
  });

  it('speaks /api the govmomi way: body-less POSTs with Content-Type application/json and an empty chunked body', async () => {
    const { username, password } = service.users!.alice;
    const wire = new GovmomiWire(service.baseUrl);
    const loggedIn = await wire.call('POST', '/api/session', undefined, {
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      'vmware-use-header-authn': 'true',
    });
    expect(loggedIn.status).toBe(201);
    wire.sessionId = loggedIn.body as string;
    const library = await wire.call('POST', '/api/content/local-library', {
      name: `api-${randomBytes(3).toString('hex')}`,
      type: 'LOCAL',
    });
    expect(library.status).toBe(201);
    const item = await wire.call('POST', '/api/content/library/item', {
      library_id: library.body,
      name: 'a.iso',
      type: 'iso',
    });
    const session = await wire.call('POST', API_SESSIONS, { library_item_id: item.body });
    expect(session.status).toBe(201);
    const sessionId = session.body as string;
    const file = await wire.call('POST', `${API_SESSIONS}/${sessionId}/file`, {
      name: 'a.iso',
      source_type: 'PUSH',
      size: 5,
    });
    expect(file.status).toBe(201);
    const data = Buffer.from('hello');
    expect((await wire.upload((file.body as FileInfo).upload_endpoint!.uri, data, sessionId)).status).toBe(
      200,
    );
    const validate = await wire.call('POST', `${API_SESSIONS}/${sessionId}/file?action=validate`);
    expect([validate.status, (validate.body as { has_errors: boolean }).has_errors]).toEqual([200, false]);
    expect((await wire.call('POST', `${API_SESSIONS}/${sessionId}?action=keep-alive`)).status).toBe(204);
    expect((await wire.call('POST', `${API_SESSIONS}/${sessionId}?action=complete`)).status).toBe(204);
    expect(((await wire.call('GET', `${API_SESSIONS}/${sessionId}`)).body as { state: string }).state).toBe(
      'DONE',
    );

    const second = await wire.call('POST', API_SESSIONS, { library_item_id: item.body });
    expect((await wire.call('POST', `${API_SESSIONS}/${second.body as string}?action=cancel`)).status).toBe(
      204,
    );
    const again = await wire.call('POST', `${API_SESSIONS}/${second.body as string}?action=cancel`);
    expect([again.status, (again.body as { error_type: string }).error_type]).toEqual([
      400,
      'NOT_ALLOWED_IN_CURRENT_STATE',
    ]);
    expect((await wire.call('DELETE', '/api/session')).status).toBe(204);
  });

  it.each([
    ['/rest', 'cancel'],
    ['/api', 'cancel'],
    ['/rest', 'fail'],
  ])(
    'after %s %s during a transfer, the file says so: ERROR with the bytes that had arrived',
    async (family, action) => {
      const sessionId = await createSession(await createItem(await createLibrary()));
      const size = 4 * 1024 * 1024;
      const added = await addFile(sessionId, 'big.iso', size);
      const upload = slowPut(added.upload_endpoint!.uri, size);
      upload.write(randomBytes(256 * 1024));
      await waitFor('the transfer to be in flight', async () => {
        const info = await getFile(sessionId, 'big.iso');
        return info.status === 'TRANSFERRING' && info.bytes_transferred > 0;
      });
      const answer =
        family === '/rest'
          ? await govc.call('POST', `${SESSIONS}/id:${sessionId}?~action=${action}`)
          : await govc.call('POST', `${API_SESSIONS}/${sessionId}?action=${action}`);
      expect(answer.status).toBe(family === '/rest' ? 200 : 204);
      await upload.outcome;
      let info: FileInfo | undefined;
      await waitFor('the interrupted transfer to be recorded', async () => {
        info = (await listFiles(sessionId))[0];
        return info?.status === 'ERROR';
      });
      expect(info).toMatchObject({ name: 'big.iso', status: 'ERROR' });
      expect(info!.bytes_transferred).toBeGreaterThan(0);
      expect(info!.bytes_transferred).toBeLessThan(size);
      expect(info!.error_message!.default_message).toContain(`${info!.bytes_transferred} bytes`);
      const apiInfo = await govc.call('GET', `${API_SESSIONS}/${sessionId}/file/big.iso`);
      expect(apiInfo.body).toMatchObject({ status: 'ERROR', bytes_transferred: info!.bytes_transferred });
      expect(
        contract.checkValue('GET', `${API_SESSIONS}/${sessionId}/file/big.iso`, 200, apiInfo.body),
      ).toEqual([]);
    },
  );

  it('after a transfer that broke off, the file is ERROR with the bytes that arrived, and a new PUT makes it READY', async () => {
    const sessionId = await createSession(await createItem(await createLibrary()));
    const size = 1024 * 1024;
    const added = await addFile(sessionId, 'flaky.iso', size);
    const upload = slowPut(added.upload_endpoint!.uri, size);
    upload.write(randomBytes(128 * 1024));
    await waitFor(
      'the transfer to be in flight',
      async () => (await getFile(sessionId, 'flaky.iso')).bytes_transferred > 0,
    );
    upload.abort();
    await upload.outcome;
    let info: FileInfo | undefined;
    await waitFor('the broken transfer to be recorded', async () => {
      info = await getFile(sessionId, 'flaky.iso');
      return info.status === 'ERROR';
    });
    expect(info!.bytes_transferred).toBeGreaterThan(0);
    expect(info!.error_message!.default_message).toMatch(/broke off/);
    const validation = valueOf(FILES, await govc.call('POST', `${FILES}/id:${sessionId}?~action=validate`));
    expect(validation).toMatchObject({ has_errors: true, missing_files: ['flaky.iso'] });

    const data = randomBytes(size);
    expect((await govc.upload(added.upload_endpoint!.uri, data, sessionId)).status).toBe(200);
    expect(await getFile(sessionId, 'flaky.iso')).toMatchObject({ status: 'READY', bytes_transferred: size });
    expect((await govc.call('POST', `${SESSIONS}/id:${sessionId}?~action=complete`)).status).toBe(200);
    expect(await waitOnSession(sessionId)).toBe('DONE');
  });

  const listFiles = async (sessionId: string): Promise<FileInfo[]> =>
    valueOf(FILES, await govc.call('GET', `${FILES}?update_session_id=${sessionId}`)) as FileInfo[];
});
