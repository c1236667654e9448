import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '@upload-sessions/service-core/application/tokens';
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

const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describeEachBackend('the service', (env) => {
  let service: RunningService;
  let client: VsphereClient;

  beforeAll(async () => {
    service = await startService({ env });
    client = new VsphereClient(service.baseUrl, spec);
    await client.login(service.users!.alice.username, service.users!.alice.password);
  });
  afterAll(async () => service?.stop());

  it('answers liveness and readiness (which asks the event store)', async () => {
    const live = await fetch(`${service.baseUrl}/health`);
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${service.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', eventStore: { status: 'up' } });
  });

  it('echoes the correlation id: X-Request-Id, else the traceparent trace id, else a new one', async () => {
    const given = await fetch(`${service.baseUrl}/health`, { headers: { 'x-request-id': 'req-123' } });
    expect(given.headers.get('x-request-id')).toBe('req-123');
    const traced = await fetch(`${service.baseUrl}/health`, {
      headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    });
    expect(traced.headers.get('x-request-id')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const fresh = await fetch(`${service.baseUrl}/health`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stores metadata with every event: id, time, actor, organization, correlation and causation', async () => {
    const itemId = await createItem(client);
    const created = await client.request('POST', sessionsUrl, {
      json: { library_item_id: itemId },
      headers: { 'x-request-id': 'corr-create-1' },
    });
    expect(created.headers.get('x-request-id')).toBe('corr-create-1');
    const id = created.body as string;
    const store = service.app.get<EventStore>(EVENT_STORE);
    const events = await store.readStream(`upload-session-${id}`);
    expect(E.isRight(events)).toBe(true);
    const [started] = E.isRight(events) ? events.right : [];
    expect(started?.type).toBe('UploadSessionStarted');
    expect(started?.metadata).toMatchObject({
      eventId: started?.id,
      actor: { id: service.users!.alice.username, kind: 'user' },
      organizationId: service.users!.alice.organizationId,
      correlationId: 'corr-create-1',
      schemaVersion: 1,
    });
    expect(typeof started?.metadata['causationId']).toBe('string');
    expect(Date.parse(String(started?.metadata['occurredAt']))).not.toBeNaN();
    const claims = await store.readStream(`library-item-${itemId}`);
    const claim = E.isRight(claims)
      ? claims.right.find((e) => e.type === 'LibraryItemClaimedByUpdateSession')
      : undefined;
    expect(claim?.metadata['correlationId']).toBe('corr-create-1');
  });

  it('serves its OpenAPI document, covering every vendor operation it implements', async () => {
    const response = await fetch(`${service.baseUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toMatch(/^3\./);
    const implemented = client.checked.filter((c) => c.operation !== undefined).map((c) => c.operation!);
    expect(implemented.length).toBeGreaterThan(0);
    for (const operation of new Set(implemented)) {
      const [method = '', route = ''] = operation.split(' ');
      expect([operation, document.paths[route]?.[method.toLowerCase()] !== undefined]).toEqual([
        operation,
        true,
      ]);
    }
  });

  it('answers unknown routes under /api with a vAPI 404', async () => {
    const response = await client.request('GET', '/api/content/nothing-here/at/all');
    expect([response.status, errorType(response.body)]).toEqual([404, 'NOT_FOUND']);
  });
});

describeEachBackend('the service across a restart', (env) => {
  it('keeps sessions and content in the data folder', async () => {
    const first = await startService({ env });
    const client = new VsphereClient(first.baseUrl, spec);
    await client.login(first.users!.alice.username, first.users!.alice.password);
    const id = await createSession(client);
    const file = await addFile(client, id, { name: 'kept.bin', size: 4 });
    expect((await putBytes(client, file.upload_endpoint!.uri, 'keep')).status).toBe(200);
    await first.stop({ keepData: true });

    const second = await startService({ env, dataDir: first.dataDir, users: first.users! });
    try {
      const again = new VsphereClient(second.baseUrl, spec);
      // Login sessions live in memory: a restart logs everyone out, as on vCenter.
      again.token = client.token;
      const stale = await again.request('GET', sessionUrl(id));
      expect([stale.status, errorType(stale.body)]).toEqual([401, 'UNAUTHENTICATED']);
      await again.login(first.users!.alice.username, first.users!.alice.password);
      expect((await getSession(again, id))['state']).toBe('ACTIVE');
      expect((await again.request('GET', `${sessionUrl(id)}/file/kept.bin`)).body).toMatchObject({
        status: 'READY',
        bytes_transferred: 4,
      });
      expect((await again.request('POST', `${sessionUrl(id)}?action=complete`)).status).toBe(204);
    } finally {
      await second.stop();
    }
  });
});

describeEachBackend('session expiry', (env) => {
  let service: RunningService;
  let client: VsphereClient;

  beforeAll(async () => {
    service = await startService({
      env: { ...env, SESSION_TIMEOUT_SECONDS: '2', EXPIRY_SWEEP_INTERVAL_SECONDS: '1' },
    });
    client = new VsphereClient(service.baseUrl, spec);
    await client.login(service.users!.alice.username, service.users!.alice.password);
  });
  afterAll(async () => service?.stop());

  it('cancels an idle session after its expiration time and deletes its content', async () => {
    const id = await createSession(client);
    const file = await addFile(client, id, { name: 'idle.bin' });
    expect((await putBytes(client, file.upload_endpoint!.uri, 'bytes')).status).toBe(200);
    expect(existsSync(path.join(service.contentDir, 'tmp', id))).toBe(true);
    await waitFor(
      'the session to expire',
      async () => (await getSession(client, id))['state'] === 'CANCELED',
    );
    // The read model may show the cancel before the deletion that follows it has finished.
    await waitFor(
      'the content to be deleted',
      async () => !existsSync(path.join(service.contentDir, 'tmp', id)),
    );
    const store = service.app.get<EventStore>(EVENT_STORE);
    const events = await store.readStream(`upload-session-${id}`);
    const canceled = E.isRight(events)
      ? events.right.find((e) => e.type === 'UploadSessionCanceled')
      : undefined;
    expect(canceled?.data['reason']).toBe('expired');
    expect(canceled?.metadata['actor']).toEqual({ id: 'session-expiry', kind: 'system' });
  });

  it('keeps a session alive while the client sends keep-alive', async () => {
    const id = await createSession(client);
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect((await client.request('POST', `${sessionUrl(id)}?action=keep-alive`)).status).toBe(204);
    }
    expect((await getSession(client, id))['state']).toBe('ACTIVE');
  });

  it('frees the item of an expired session for a new one', async () => {
    const itemId = await createItem(client);
    const first = await createSession(client, itemId);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const second = await client.request('POST', sessionsUrl, { json: { library_item_id: itemId } });
    expect(second.status).toBe(201);
    expect((await getSession(client, first))['state']).toBe('CANCELED');
  });
});
