import { describeEachBackend } from './backends';
import { createLibrary, errorType } from './fixtures';
import { VsphereClient } from './http-client';
import { startService, type RunningService } from './service-harness';
import { VendorSpec } from './vendor-spec';

const spec = VendorSpec.load();
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describeEachBackend('local libraries and library items', (env) => {
  let service: RunningService;
  let client: VsphereClient;

  beforeAll(async () => {
    service = await startService({ env });
    client = new VsphereClient(service.baseUrl, spec);
    await client.login(service.users!.alice.username, service.users!.alice.password);
  });
  afterAll(async () => service?.stop());

  it('creates a local library (201), gets it (200) and lists it', async () => {
    const created = await client.request('POST', '/api/content/local-library', {
      json: { name: 'ISOs', description: 'install media', type: 'LOCAL' },
    });
    expect(created.status).toBe(201);
    const id = created.body as string;
    for (const url of [`/api/content/local-library/${id}`, `/api/content/library/${id}`]) {
      const got = await client.request('GET', url);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id, name: 'ISOs', description: 'install media', type: 'LOCAL' });
    }
    for (const url of ['/api/content/local-library', '/api/content/library']) {
      const list = await client.request('GET', url);
      expect(list.status).toBe(200);
      expect(list.body).toContain(id);
    }
  });

  it('answers 404 for an unknown library and 400 for bad input', async () => {
    for (const url of [`/api/content/local-library/${UNKNOWN}`, `/api/content/library/${UNKNOWN}`]) {
      const response = await client.request('GET', url);
      expect([response.status, errorType(response.body)]).toEqual([404, 'NOT_FOUND']);
    }
    const noName = await client.request('POST', '/api/content/local-library', { json: { description: 'x' } });
    expect([noName.status, errorType(noName.body)]).toEqual([400, 'INVALID_ARGUMENT']);
    const twoBackings = await client.request('POST', '/api/content/local-library', {
      json: { name: 'x', storage_backings: [{ type: 'OTHER' }, { type: 'OTHER' }] },
    });
    expect([twoBackings.status, errorType(twoBackings.body)]).toEqual([400, 'UNSUPPORTED']);
  });

  it('creates an item (201) at content version 1, gets it (200) and lists it by library', async () => {
    const libraryId = await createLibrary(client);
    const created = await client.request('POST', '/api/content/library/item', {
      json: { library_id: libraryId, name: 'ubuntu.iso', type: 'iso' },
    });
    expect(created.status).toBe(201);
    const id = created.body as string;
    const item = await client.request('GET', `/api/content/library/item/${id}`);
    expect(item.status).toBe(200);
    expect(item.body).toMatchObject({
      id,
      library_id: libraryId,
      name: 'ubuntu.iso',
      type: 'iso',
      content_version: '1',
      size: 0,
    });
    expect((await client.request('GET', `/api/content/library/item?library_id=${libraryId}`)).body).toEqual([
      id,
    ]);
    expect((await client.request('GET', `/api/content/library/item/${id}/file`)).body).toEqual([]);
  });

  it('answers 400 ALREADY_EXISTS for a second item of the same name in a library', async () => {
    const libraryId = await createLibrary(client);
    expect(
      (
        await client.request('POST', '/api/content/library/item', {
          json: { library_id: libraryId, name: 'dup' },
        })
      ).status,
    ).toBe(201);
    const dup = await client.request('POST', '/api/content/library/item', {
      json: { library_id: libraryId, name: 'dup' },
    });
    expect([dup.status, errorType(dup.body)]).toEqual([400, 'ALREADY_EXISTS']);
    // Another library may use the name.
    const other = await createLibrary(client);
    expect(
      (
        await client.request('POST', '/api/content/library/item', {
          json: { library_id: other, name: 'dup' },
        })
      ).status,
    ).toBe(201);
  });

  it('answers 404 for an item in an unknown library or an unknown item; 400 for bad ids', async () => {
    const inUnknown = await client.request('POST', '/api/content/library/item', {
      json: { library_id: UNKNOWN, name: 'x' },
    });
    expect([inUnknown.status, errorType(inUnknown.body)]).toEqual([404, 'NOT_FOUND']);
    const unknown = await client.request('GET', `/api/content/library/item/${UNKNOWN}`);
    expect([unknown.status, errorType(unknown.body)]).toEqual([404, 'NOT_FOUND']);
    const bad = await client.request('GET', '/api/content/library/item/..%2F..%2Fetc');
    expect([bad.status, errorType(bad.body)]).toEqual([400, 'INVALID_ARGUMENT']);
  });

  it('creates idempotently with a client_token', async () => {
    const token = crypto.randomUUID();
    const a = await client.request('POST', `/api/content/local-library?client_token=${token}`, {
      json: { name: 'once' },
    });
    const b = await client.request('POST', `/api/content/local-library?client_token=${token}`, {
      json: { name: 'once' },
    });
    expect([a.status, b.status, b.body]).toEqual([201, 201, a.body]);
    const itemToken = crypto.randomUUID();
    const i1 = await client.request('POST', `/api/content/library/item?client_token=${itemToken}`, {
      json: { library_id: a.body, name: 'one' },
    });
    const i2 = await client.request('POST', `/api/content/library/item?client_token=${itemToken}`, {
      json: { library_id: a.body, name: 'one' },
    });
    expect([i1.status, i2.status, i2.body]).toEqual([201, 201, i1.body]);
  });
});
