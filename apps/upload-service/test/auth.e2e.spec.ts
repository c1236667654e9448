import { DEFAULT_USER } from '@upload-sessions/dialect-vsphere/auth/user-directory';
import { describeEachBackend } from './backends';
import {
  addFile,
  createItem,
  createSession,
  errorType,
  filesUrl,
  putBytes,
  sessionUrl,
  sessionsUrl,
} from './fixtures';
import { VsphereClient } from './http-client';
import { startService, type RunningService } from './service-harness';
import { VendorSpec } from './vendor-spec';

const spec = VendorSpec.load();

describeEachBackend('authentication', (env) => {
  describe('with no users configured', () => {
    let service: RunningService;
    beforeAll(async () => {
      service = await startService({ env, users: false });
    });
    afterAll(async () => service?.stop());

    it('logs in the documented default user and warns about it at start', async () => {
      const client = new VsphereClient(service.baseUrl, spec);
      const login = await client.login(DEFAULT_USER.username, DEFAULT_USER.password);
      expect(login.status).toBe(201);
      expect(typeof login.body).toBe('string');
      expect(login.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await client.request('GET', sessionsUrl)).status).toBe(200);
      expect(
        service.logs.some((l) => l['level'] === 'warn' && String(l['msg']).includes(DEFAULT_USER.username)),
      ).toBe(true);
    });

    it('answers 401 UNAUTHENTICATED for a wrong password, missing or malformed credentials', async () => {
      const client = new VsphereClient(service.baseUrl, spec);
      expect((await client.login(DEFAULT_USER.username, 'wrong')).status).toBe(401);
      for (const authorization of [
        undefined,
        'Bearer abc',
        'Basic !!!',
        `Basic ${Buffer.from('nocolon').toString('base64')}`,
      ]) {
        const response = await client.request('POST', '/api/session', {
          anonymous: true,
          headers: authorization === undefined ? {} : { authorization },
        });
        expect([response.status, errorType(response.body)]).toEqual([401, 'UNAUTHENTICATED']);
      }
    });
  });

  describe('with configured users', () => {
    let service: RunningService;
    let alice: VsphereClient;
    let bob: VsphereClient;
    beforeAll(async () => {
      service = await startService({ env });
      alice = new VsphereClient(service.baseUrl, spec);
      bob = new VsphereClient(service.baseUrl, spec);
      expect((await alice.login(service.users!.alice.username, service.users!.alice.password)).status).toBe(
        201,
      );
      expect((await bob.login(service.users!.bob.username, service.users!.bob.password)).status).toBe(201);
    });
    afterAll(async () => service?.stop());

    it('refuses the default user once users are configured', async () => {
      const client = new VsphereClient(service.baseUrl, spec);
      expect((await client.login(DEFAULT_USER.username, DEFAULT_USER.password)).status).toBe(401);
    });

    it('answers 401 UNAUTHENTICATED without a session id or with an unknown one', async () => {
      const anonymous = new VsphereClient(service.baseUrl, spec);
      const none = await anonymous.request('GET', sessionsUrl);
      expect([none.status, errorType(none.body)]).toEqual([401, 'UNAUTHENTICATED']);
      anonymous.token = 'f'.repeat(64);
      const unknown = await anonymous.request('POST', sessionsUrl, {
        json: { library_item_id: '00000000-0000-4000-8000-000000000000' },
      });
      expect([unknown.status, errorType(unknown.body)]).toEqual([401, 'UNAUTHENTICATED']);
    });

    it('ends the session on logout (204): the token then answers 401', async () => {
      const client = new VsphereClient(service.baseUrl, spec);
      await client.login(service.users!.alice.username, service.users!.alice.password);
      expect((await client.request('DELETE', '/api/session')).status).toBe(204);
      const after = await client.request('GET', sessionsUrl);
      expect([after.status, errorType(after.body)]).toEqual([401, 'UNAUTHENTICATED']);
      const again = await client.request('DELETE', '/api/session');
      expect([again.status, errorType(again.body)]).toEqual([401, 'UNAUTHENTICATED']);
    });

    it("hides another organization's items and sessions: 404 NOT_FOUND, never their data", async () => {
      const itemId = await createItem(alice);
      const id = await createSession(alice, itemId);
      const file = await addFile(alice, id, { name: 'secret.bin' });

      for (const [method, url, json] of [
        ['GET', sessionUrl(id), undefined],
        ['POST', `${sessionUrl(id)}?action=cancel`, undefined],
        ['POST', `${sessionUrl(id)}?action=complete`, undefined],
        ['POST', `${sessionUrl(id)}?action=keep-alive`, undefined],
        ['POST', `${sessionUrl(id)}?action=fail`, { client_error_message: 'x' }],
        ['PATCH', sessionUrl(id), { warning_behavior: [] }],
        ['DELETE', sessionUrl(id), undefined],
        ['GET', filesUrl(id), undefined],
        ['GET', `${filesUrl(id)}/secret.bin`, undefined],
        ['POST', filesUrl(id), { name: 'x.bin', source_type: 'PUSH' }],
        ['DELETE', `${filesUrl(id)}/secret.bin`, undefined],
        ['POST', `${filesUrl(id)}?action=validate`, undefined],
        ['GET', `/api/content/library/item/${itemId}`, undefined],
        ['POST', sessionsUrl, { library_item_id: itemId }],
        ['GET', `${sessionsUrl}?library_item_id=${itemId}`, undefined],
      ] as const) {
        const response = await bob.request(method, url, json === undefined ? {} : { json });
        expect([`${method} ${url}`, response.status, errorType(response.body)]).toEqual([
          `${method} ${url}`,
          404,
          'NOT_FOUND',
        ]);
        expect(JSON.stringify(response.body)).not.toContain('secret.bin');
      }
      expect((await bob.request('GET', sessionsUrl)).body).not.toContain(id);

      // Bob's own login does not open Alice's upload URI either.
      const uri = new URL(file.upload_endpoint!.uri);
      const viaHeader = await fetch(`${uri.origin}${uri.pathname}`, {
        method: 'PUT',
        body: 'x',
        headers: { 'vmware-api-session-id': bob.token! },
      });
      expect(viaHeader.status).toBe(404);
      // Alice's session is untouched.
      expect((await putBytes(alice, file.upload_endpoint!.uri, 'mine')).status).toBe(200);
      expect(((await alice.request('GET', sessionUrl(id))).body as { state: string }).state).toBe('ACTIVE');
    });
  });
});
