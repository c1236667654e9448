import { describeEachBackend } from './backends';
import {
  addFile,
  createItem,
  createSession,
  errorType,
  getSession,
  putBytes,
  sessionUrl,
  sessionsUrl,
} from './fixtures';
import { VsphereClient } from './http-client';
import { startService, type RunningService } from './service-harness';
import { VendorSpec } from './vendor-spec';

const spec = VendorSpec.load();
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describeEachBackend('update sessions over HTTP', (env) => {
  let service: RunningService;
  let client: VsphereClient;

  beforeAll(async () => {
    service = await startService({ env });
    client = new VsphereClient(service.baseUrl, spec);
    const alice = service.users!.alice;
    expect((await client.login(alice.username, alice.password)).status).toBe(201);
  });
  afterAll(async () => service?.stop());

  describe('create', () => {
    it('answers 201 with the id, and the session is ACTIVE on the item at its content version', async () => {
      const itemId = await createItem(client);
      const before = Date.now();
      const created = await client.request('POST', sessionsUrl, { json: { library_item_id: itemId } });
      expect(created.status).toBe(201);
      expect(typeof created.body).toBe('string');
      const session = await getSession(client, created.body as string);
      expect(session).toMatchObject({
        id: created.body,
        library_item_id: itemId,
        library_item_content_version: '1',
        state: 'ACTIVE',
        client_progress: 0,
      });
      // The default timeout is vCenter's 5 minutes.
      const expires = Date.parse(session['expiration_time'] as string);
      expect(expires).toBeGreaterThanOrEqual(before + 299_000);
      expect(expires).toBeLessThanOrEqual(Date.now() + 301_000);
    });

    it('is idempotent with a client_token: a retry answers the same session', async () => {
      const itemId = await createItem(client);
      const token = crypto.randomUUID();
      const first = await client.request('POST', `${sessionsUrl}?client_token=${token}`, {
        json: { library_item_id: itemId },
      });
      const second = await client.request('POST', `${sessionsUrl}?client_token=${token}`, {
        json: { library_item_id: itemId },
      });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body).toBe(first.body);
    });

    it('refuses a second ACTIVE session on the same item with RESOURCE_BUSY, until the first ends', async () => {
      const itemId = await createItem(client);
      const first = await createSession(client, itemId);
      const busy = await client.request('POST', sessionsUrl, { json: { library_item_id: itemId } });
      expect(busy.status).toBe(500);
      expect(errorType(busy.body)).toBe('RESOURCE_BUSY');
      expect((await client.request('POST', `${sessionUrl(first)}?action=cancel`)).status).toBe(204);
      const again = await client.request('POST', sessionsUrl, { json: { library_item_id: itemId } });
      expect(again.status).toBe(201);
    });

    it('answers 404 NOT_FOUND for an unknown item', async () => {
      const response = await client.request('POST', sessionsUrl, { json: { library_item_id: UNKNOWN } });
      expect(response.status).toBe(404);
      expect(errorType(response.body)).toBe('NOT_FOUND');
    });

    it.each([
      ['malformed JSON', { raw: '{"library_item_id": ' }],
      ['a wrong type', { json: { library_item_id: 42 } }],
      ['a missing field', { json: { warning_behavior: [] } }],
      ['a bad id', { json: { library_item_id: '../../etc/passwd' } }],
      ['no body', {}],
      ['a JSON array', { json: [] }],
      [
        'a bad warning behavior',
        { json: { library_item_id: UNKNOWN, warning_behavior: [{ type: 'NOPE', ignored: true }] } },
      ],
      [
        'a body over the size limit',
        { raw: JSON.stringify({ library_item_id: UNKNOWN, pad: 'x'.repeat(2 * 1024 * 1024) }) },
      ],
      [
        'a non-JSON content type',
        { raw: 'library_item_id=1', contentType: 'application/x-www-form-urlencoded' },
      ],
    ])('answers 400 INVALID_ARGUMENT for %s', async (_what, options) => {
      const response = await client.request('POST', sessionsUrl, options);
      expect(response.status).toBe(400);
      expect(errorType(response.body)).toBe('INVALID_ARGUMENT');
    });

    it('answers 400 INVALID_ARGUMENT for a malformed client_token', async () => {
      const itemId = await createItem(client);
      const response = await client.request(
        'POST',
        `${sessionsUrl}?client_token=${encodeURIComponent('has space')}`,
        {
          json: { library_item_id: itemId },
        },
      );
      expect(response.status).toBe(400);
      expect(errorType(response.body)).toBe('INVALID_ARGUMENT');
    });
  });

  describe('get and list', () => {
    it('answers 404 NOT_FOUND for an unknown session and 400 for a malformed id', async () => {
      const unknown = await client.request('GET', sessionUrl(UNKNOWN));
      expect(unknown.status).toBe(404);
      expect(errorType(unknown.body)).toBe('NOT_FOUND');
      const malformed = await client.request('GET', sessionUrl('not-an-id'));
      expect(malformed.status).toBe(400);
      expect(errorType(malformed.body)).toBe('INVALID_ARGUMENT');
    });

    it("lists the caller's sessions, optionally those of one item", async () => {
      const itemA = await createItem(client);
      const itemB = await createItem(client);
      const a = await createSession(client, itemA);
      const b = await createSession(client, itemB);
      const all = await client.request('GET', sessionsUrl);
      expect(all.status).toBe(200);
      expect(all.body).toEqual(expect.arrayContaining([a, b]));
      const onlyA = await client.request('GET', `${sessionsUrl}?library_item_id=${itemA}`);
      expect(onlyA.body).toEqual([a]);
    });

    it('answers 404 NOT_FOUND when listing by an unknown item', async () => {
      const response = await client.request('GET', `${sessionsUrl}?library_item_id=${UNKNOWN}`);
      expect(response.status).toBe(404);
      expect(errorType(response.body)).toBe('NOT_FOUND');
    });
  });

  describe('update', () => {
    it('sets the warning behavior (204) and leaves it when the field is unset', async () => {
      const id = await createSession(client);
      const behavior = [{ type: 'SELF_SIGNED_CERTIFICATE', ignored: true }];
      expect(
        (await client.request('PATCH', sessionUrl(id), { json: { warning_behavior: behavior } })).status,
      ).toBe(204);
      expect((await getSession(client, id))['warning_behavior']).toEqual(behavior);
      expect((await client.request('PATCH', sessionUrl(id), { json: {} })).status).toBe(204);
      expect((await getSession(client, id))['warning_behavior']).toEqual(behavior);
    });

    it('answers 400 INVALID_ARGUMENT for a wrong type, 400 NOT_ALLOWED_IN_CURRENT_STATE when not ACTIVE, 404 when unknown', async () => {
      const id = await createSession(client);
      const wrong = await client.request('PATCH', sessionUrl(id), { json: { warning_behavior: 'all' } });
      expect([wrong.status, errorType(wrong.body)]).toEqual([400, 'INVALID_ARGUMENT']);
      await client.request('POST', `${sessionUrl(id)}?action=cancel`);
      const ended = await client.request('PATCH', sessionUrl(id), { json: { warning_behavior: [] } });
      expect([ended.status, errorType(ended.body)]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
      const unknown = await client.request('PATCH', sessionUrl(UNKNOWN), { json: { warning_behavior: [] } });
      expect([unknown.status, errorType(unknown.body)]).toEqual([404, 'NOT_FOUND']);
    });
  });

  describe('delete', () => {
    it('refuses an ACTIVE session (400 NOT_ALLOWED_IN_CURRENT_STATE), deletes an ended one (204), then it is gone (404)', async () => {
      const id = await createSession(client);
      const active = await client.request('DELETE', sessionUrl(id));
      expect([active.status, errorType(active.body)]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
      await client.request('POST', `${sessionUrl(id)}?action=cancel`);
      expect((await client.request('DELETE', sessionUrl(id))).status).toBe(204);
      const gone = await client.request('GET', sessionUrl(id));
      expect([gone.status, errorType(gone.body)]).toEqual([404, 'NOT_FOUND']);
      expect((await client.request('GET', sessionsUrl)).body).not.toContain(id);
      const unknown = await client.request('DELETE', sessionUrl(UNKNOWN));
      expect([unknown.status, errorType(unknown.body)]).toEqual([404, 'NOT_FOUND']);
    });
  });

  describe('cancel', () => {
    it('answers 204 and the session is CANCELED', async () => {
      const id = await createSession(client);
      const response = await client.request('POST', `${sessionUrl(id)}?action=cancel`);
      expect(response.status).toBe(204);
      expect((await getSession(client, id))['state']).toBe('CANCELED');
    });

    it('answers a second cancel with 400 NOT_ALLOWED_IN_CURRENT_STATE', async () => {
      const id = await createSession(client);
      expect((await client.request('POST', `${sessionUrl(id)}?action=cancel`)).status).toBe(204);
      const second = await client.request('POST', `${sessionUrl(id)}?action=cancel`);
      expect([second.status, errorType(second.body)]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
    });

    it('answers cancel after complete with 400 NOT_ALLOWED_IN_CURRENT_STATE', async () => {
      const id = await createSession(client);
      const file = await addFile(client, id, { name: 'a.txt', size: 3 });
      expect((await putBytes(client, file.upload_endpoint!.uri, 'abc')).status).toBe(200);
      expect((await client.request('POST', `${sessionUrl(id)}?action=complete`)).status).toBe(204);
      const cancel = await client.request('POST', `${sessionUrl(id)}?action=cancel`);
      expect([cancel.status, errorType(cancel.body)]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
      expect((await getSession(client, id))['state']).toBe('DONE');
    });

    it('answers cancel of an unknown session with 404 NOT_FOUND', async () => {
      const response = await client.request('POST', `${sessionUrl(UNKNOWN)}?action=cancel`);
      expect([response.status, errorType(response.body)]).toEqual([404, 'NOT_FOUND']);
    });
  });

  describe('complete', () => {
    it("makes the files the item's next content version", async () => {
      const itemId = await createItem(client);
      const id = await createSession(client, itemId);
      const a = await addFile(client, id, { name: 'disk.vmdk', size: 5 });
      const b = await addFile(client, id, { name: 'desc.ovf' });
      expect((await putBytes(client, a.upload_endpoint!.uri, 'hello')).status).toBe(200);
      expect((await putBytes(client, b.upload_endpoint!.uri, '<ovf/>')).status).toBe(200);
      // Nothing is visible on the item before complete.
      expect((await client.request('GET', `/api/content/library/item/${itemId}`)).body).toMatchObject({
        content_version: '1',
        size: 0,
      });
      expect((await client.request('POST', `${sessionUrl(id)}?action=complete`)).status).toBe(204);
      expect((await getSession(client, id))['state']).toBe('DONE');
      const item = await client.request('GET', `/api/content/library/item/${itemId}`);
      expect(item.body).toMatchObject({ content_version: '2', size: 11 });
      const files = await client.request('GET', `/api/content/library/item/${itemId}/file`);
      expect((files.body as { name: string }[]).map((f) => f.name).sort()).toEqual(['desc.ovf', 'disk.vmdk']);
      // A new session starts from the new content version.
      const next = await createSession(client, itemId);
      expect((await getSession(client, next))['library_item_content_version']).toBe('2');
    });

    it('answers 400 NOT_ALLOWED_IN_CURRENT_STATE while files are missing or there are none', async () => {
      const empty = await createSession(client);
      const none = await client.request('POST', `${sessionUrl(empty)}?action=complete`);
      expect([none.status, errorType(none.body)]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
      const id = await createSession(client);
      await addFile(client, id, { name: 'missing.iso' });
      const missing = await client.request('POST', `${sessionUrl(id)}?action=complete`);
      expect([missing.status, errorType(missing.body)]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
      expect((await getSession(client, id))['state']).toBe('ACTIVE');
    });

    it('answers complete of an unknown session with 404 NOT_FOUND', async () => {
      const response = await client.request('POST', `${sessionUrl(UNKNOWN)}?action=complete`);
      expect([response.status, errorType(response.body)]).toEqual([404, 'NOT_FOUND']);
    });

    it('lets exactly one of a concurrent cancel and complete win', async () => {
      for (let round = 0; round < 5; round++) {
        const id = await createSession(client);
        const file = await addFile(client, id, { name: 'f.bin', size: 1 });
        expect((await putBytes(client, file.upload_endpoint!.uri, 'x')).status).toBe(200);
        const [cancel, complete] = await Promise.all([
          client.request('POST', `${sessionUrl(id)}?action=cancel`),
          client.request('POST', `${sessionUrl(id)}?action=complete`),
        ]);
        const statuses = [cancel.status, complete.status].sort();
        expect(statuses).toEqual([204, 400]);
        const loser = cancel.status === 400 ? cancel : complete;
        expect(errorType(loser.body)).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
        expect((await getSession(client, id))['state']).toBe(cancel.status === 204 ? 'CANCELED' : 'DONE');
      }
    });
  });

  describe('fail', () => {
    it('answers 204 and the session is ERROR with the client message', async () => {
      const id = await createSession(client);
      const response = await client.request('POST', `${sessionUrl(id)}?action=fail`, {
        json: { client_error_message: 'disk full' },
      });
      expect(response.status).toBe(204);
      const session = await getSession(client, id);
      expect(session['state']).toBe('ERROR');
      expect(session['error_message']).toMatchObject({ default_message: 'disk full' });
    });

    it('answers 400 without the required body, 400 when not ACTIVE, 404 when unknown', async () => {
      const id = await createSession(client);
      const noBody = await client.request('POST', `${sessionUrl(id)}?action=fail`);
      expect([noBody.status, errorType(noBody.body)]).toEqual([400, 'INVALID_ARGUMENT']);
      await client.request('POST', `${sessionUrl(id)}?action=cancel`);
      const ended = await client.request('POST', `${sessionUrl(id)}?action=fail`, {
        json: { client_error_message: 'x' },
      });
      expect([ended.status, errorType(ended.body)]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
      const unknown = await client.request('POST', `${sessionUrl(UNKNOWN)}?action=fail`, {
        json: { client_error_message: 'x' },
      });
      expect([unknown.status, errorType(unknown.body)]).toEqual([404, 'NOT_FOUND']);
    });
  });

  describe('keep-alive', () => {
    it('moves expiration_time and records client_progress, which may only grow', async () => {
      const id = await createSession(client);
      const before = Date.parse((await getSession(client, id))['expiration_time'] as string);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(
        (
          await client.request('POST', `${sessionUrl(id)}?action=keep-alive`, {
            json: { client_progress: 40 },
          })
        ).status,
      ).toBe(204);
      const after = await getSession(client, id);
      expect(Date.parse(after['expiration_time'] as string)).toBeGreaterThan(before);
      expect(after['client_progress']).toBe(40);
      expect((await client.request('POST', `${sessionUrl(id)}?action=keep-alive`)).status).toBe(204);
      const lower = await client.request('POST', `${sessionUrl(id)}?action=keep-alive`, {
        json: { client_progress: 10 },
      });
      expect([lower.status, errorType(lower.body)]).toEqual([400, 'INVALID_ARGUMENT']);
      const tooHigh = await client.request('POST', `${sessionUrl(id)}?action=keep-alive`, {
        json: { client_progress: 101 },
      });
      expect([tooHigh.status, errorType(tooHigh.body)]).toEqual([400, 'INVALID_ARGUMENT']);
    });

    it('answers 400 NOT_ALLOWED_IN_CURRENT_STATE when not ACTIVE and 404 when unknown', async () => {
      const id = await createSession(client);
      await client.request('POST', `${sessionUrl(id)}?action=cancel`);
      const ended = await client.request('POST', `${sessionUrl(id)}?action=keep-alive`);
      expect([ended.status, errorType(ended.body)]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
      const unknown = await client.request('POST', `${sessionUrl(UNKNOWN)}?action=keep-alive`);
      expect([unknown.status, errorType(unknown.body)]).toEqual([404, 'NOT_FOUND']);
    });
  });

  it('answers an unknown action with 400 INVALID_ARGUMENT', async () => {
    const id = await createSession(client);
    const response = await client.request('POST', `${sessionUrl(id)}?action=explode`);
    expect([response.status, errorType(response.body)]).toEqual([400, 'INVALID_ARGUMENT']);
  });
});
