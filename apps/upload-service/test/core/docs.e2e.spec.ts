import { execFileSync } from 'node:child_process';
import { OpenApiContract, type OpenApiDocument } from '../openapi-contract';
import { startService, type RunningService } from '../service-harness';
import { OPENAPI_DOCUMENTS } from '../../src/openapi/openapi-documents';
import { serviceOpenApi } from '../../src/openapi/service-openapi';

/**
 * Validates OpenAPI documents with @seriousme/openapi-schema-validator (the OpenAPI Initiative's JSON
 * schemas on ajv). It is an ES module, which Jest's CommonJS runtime cannot load: a child Node does.
 */
const validateOpenApi = (documents: readonly unknown[]): { valid: boolean; errors?: unknown }[] =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { Validator } from '@seriousme/openapi-schema-validator';
         import { readFileSync } from 'node:fs';
         const documents = JSON.parse(readFileSync(0, 'utf8'));
         const results = [];
         for (const document of documents) results.push(await new Validator().validate(document));
         process.stdout.write(JSON.stringify(results));`,
      ],
      { input: JSON.stringify(documents), cwd: __dirname, encoding: 'utf8' },
    ),
  ) as { valid: boolean; errors?: unknown }[];

describe('the API documentation and unknown routes', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => service?.stop());

  const get = (path: string) => fetch(`${service.baseUrl}${path}`, { redirect: 'manual' });

  it('redirects / to /docs', async () => {
    const response = await get('/');
    expect([response.status, response.headers.get('location')]).toEqual([302, '/docs']);
  });

  it('serves a Swagger UI page listing every document, its assets from this service (no CDN)', async () => {
    const response = await get('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    for (const { name } of OPENAPI_DOCUMENTS) expect(html).toContain(`"/openapi/${name}.json"`);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/docs\/assets\//);
      const served = await get(asset);
      expect([asset, served.status]).toEqual([asset, 200]);
      const type = served.headers.get('content-type') ?? '';
      if (asset.endsWith('.js')) expect(type).toMatch(/^application\/javascript/);
      if (asset.endsWith('.css')) expect(type).toMatch(/^text\/css/);
      expect((await served.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    // Only the page's own assets: no file of the package (or beyond it) by name.
    expect((await get('/docs/assets/package.json')).status).toBe(404);
    expect((await get('/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });

  it('serves each document as valid OpenAPI 3.1, and the vSphere one at /api/openapi.json too', async () => {
    const served: unknown[] = [];
    for (const { name } of OPENAPI_DOCUMENTS) {
      const response = await get(`/openapi/${name}.json`);
      expect([name, response.status]).toEqual([name, 200]);
      const document = (await response.json()) as { openapi: string };
      expect(document.openapi).toBe('3.1.0');
      served.push(document);
    }
    expect(validateOpenApi(served)).toEqual(OPENAPI_DOCUMENTS.map(() => ({ valid: true })));
    // The validator can fail: a document without info is not OpenAPI.
    expect(validateOpenApi([{ openapi: '3.1.0', paths: {} }])[0]?.valid).toBe(false);
    const legacy = (await (await get('/api/openapi.json')).json()) as unknown;
    expect(legacy).toEqual(await (await get('/openapi/vsphere.json')).json());
    expect((await get('/openapi/nothing.json')).status).toBe(404);
  }, 60_000);

  it('answers unknown routes in the error format of their path family', async () => {
    const vapi = await get('/api/nothing/here');
    expect([vapi.status, ((await vapi.json()) as { error_type?: string }).error_type]).toEqual([
      404,
      'NOT_FOUND',
    ]);
    const bv = await get('/bv/nothing/here');
    expect([bv.status, ((await bv.json()) as { code?: number }).code]).toEqual([404, 5]);
    for (const path of ['/nothing', '/audit/nothing', '/health/nothing', '/docs/nothing/at/all']) {
      const other = await get(path);
      expect([path, other.status, await other.json()]).toEqual([
        path,
        404,
        { error: { code: 'NOT_FOUND', message: expect.any(String) as string } },
      ]);
    }
  });

  it('answers health and audit as the service document says', async () => {
    const doc = serviceOpenApi as unknown as OpenApiDocument;
    const contract = new OpenApiContract(doc, { id: 'service-openapi', strictObjects: true });
    const org = service.users!.alice.organizationId;
    for (const [route, url] of [
      ['/health', '/health'],
      ['/health/ready', '/health/ready'],
      ['/audit/organizations/{organizationId}/events', `/audit/organizations/${org}/events`],
    ] as const) {
      const response = await get(url);
      const declared = doc.paths[route]?.['get']?.responses[String(response.status)];
      expect([url, declared !== undefined]).toEqual([url, true]);
      const schema = OpenApiContract.jsonSchema(declared!);
      expect([url, contract.validate(`${route} ${response.status}`, schema!, await response.json())]).toEqual(
        [url, []],
      );
    }
  });
});
