import * as fc from 'fast-check';
import { rpcCode } from '../blendvision/bv-client';
import { sessionUrl } from '../fixtures';
import { rawRequest, type RawAnswer } from './raw-http';
import { routes } from './routes';
import { PART_SIZE, startTwoOrganizations, type OwnedByA, type TwoOrganizations } from './two-organizations';

jest.setTimeout(120_000);

/** Runs per property; the whole file stays well under a minute on a CI runner. */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The routes that take a JSON body, with a valid body and the fields a mutation may break. */
interface BodyRoute {
  readonly name: string;
  readonly dialect: 'vsphere' | 'bv';
  readonly method: string;
  readonly path: (o: OwnedByA) => string;
  readonly body: (o: OwnedByA) => Record<string, Json>;
  /** Paths (dot-separated) of fields whose value must have the template's type. */
  readonly fields: readonly string[];
}

const S = '/api/content/library/item/update-session';
const F = '/bv/cms/v1/library/files';
const bodyRoutes: readonly BodyRoute[] = [
  {
    name: 'create local library',
    dialect: 'vsphere',
    method: 'POST',
    path: () => '/api/content/local-library',
    body: () => ({ name: 'lib', type: 'LOCAL' }),
    fields: ['name', 'type'],
  },
  {
    name: 'create library item',
    dialect: 'vsphere',
    method: 'POST',
    path: () => '/api/content/library/item',
    body: (o) => ({ library_id: o.libraryId, name: 'item', type: 'iso' }),
    fields: ['library_id', 'name'],
  },
  {
    name: 'create update session',
    dialect: 'vsphere',
    method: 'POST',
    path: () => S,
    body: (o) => ({ library_item_id: o.itemId }),
    fields: ['library_item_id'],
  },
  {
    name: 'update update session',
    dialect: 'vsphere',
    method: 'PATCH',
    path: (o) => sessionUrl(o.sessionId),
    body: () => ({ warning_behavior: [{ type: 'EXPIRED_CERTIFICATE', ignored: true }] }),
    fields: ['warning_behavior'],
  },
  {
    name: 'fail',
    dialect: 'vsphere',
    method: 'POST',
    path: (o) => `${sessionUrl(o.sessionId)}?action=fail`,
    body: () => ({ client_error_message: 'boom' }),
    fields: ['client_error_message'],
  },
  {
    name: 'keep-alive',
    dialect: 'vsphere',
    method: 'POST',
    path: (o) => `${sessionUrl(o.sessionId)}?action=keep-alive`,
    body: () => ({ client_progress: 50 }),
    fields: ['client_progress'],
  },
  {
    name: 'add file',
    dialect: 'vsphere',
    method: 'POST',
    path: (o) => `${sessionUrl(o.sessionId)}/file`,
    body: () => ({ name: 'g.bin', source_type: 'PUSH', size: 5 }),
    fields: ['name', 'source_type', 'size'],
  },
  {
    name: 'upload',
    dialect: 'bv',
    method: 'POST',
    path: () => `${F}:upload`,
    body: () => ({
      file: { type: 'FILE_TYPE_VIDEO', source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY', name: 'v.mp4', size: '10' },
    }),
    fields: ['file', 'file.type', 'file.source', 'file.name', 'file.size'],
  },
  {
    name: 'update file',
    dialect: 'bv',
    method: 'PUT',
    path: (o) => `${F}/${o.bvFileId}`,
    body: () => ({ name: 'n.mp4' }),
    fields: ['name'],
  },
  {
    name: 'batch delete',
    dialect: 'bv',
    method: 'DELETE',
    path: () => F,
    body: (o) => ({ ids: [o.bvFileId] }),
    fields: ['ids'],
  },
  {
    name: 'complete-upload',
    dialect: 'bv',
    method: 'POST',
    path: (o) => `${F}/${o.bvFileId}:complete-upload`,
    body: (o) => ({ complete_data: { id: o.bvUploadId, parts: [{ part_number: 1, etag: o.partEtag }] } }),
    fields: ['complete_data', 'complete_data.id', 'complete_data.parts'],
  },
  {
    name: 'cancel-upload',
    dialect: 'bv',
    method: 'POST',
    path: (o) => `${F}/${o.bvFileId}:cancel-upload`,
    body: (o) => ({ upload_id: o.bvUploadId }),
    fields: ['upload_id'],
  },
];

const typeOf = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
/** int64 fields in proto3 JSON (BlendVision's sizes) are decimal strings or numbers: both are right. */
const isInt64Text = (v: unknown): boolean => typeof v === 'string' && /^\d+$/.test(v);
const sameKind = (value: unknown, original: unknown): boolean =>
  typeOf(value) === typeOf(original) || (isInt64Text(original) && Number.isSafeInteger(value));

const withField = (body: Record<string, Json>, path: string, value: Json): Record<string, Json> => {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let node = copy as Record<string, Json>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, Json>;
  node[keys[keys.length - 1]!] = value;
  return copy;
};

const fieldOf = (body: Record<string, Json>, path: string): Json =>
  path.split('.').reduce<Json>((node, key) => (node as Record<string, Json>)[key] as Json, body);

/** Text that JSON.parse refuses: cut-off documents, stray tokens, comments, NaN, lone surrogates. */
const malformedJson = fc
  .oneof(
    fc.jsonValue().map((v) => {
      const text = JSON.stringify(v);
      return text.slice(0, Math.max(0, text.length - 1));
    }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(
      '{',
      '{"a":}',
      '{a:1}',
      "{'a':1}",
      '[1,]',
      '{"a":1}}',
      'NaN',
      '{"a":NaN}',
      '// x\n{}',
      '\uFEFF{',
      '{"a":"\\x"}',
      '[['.repeat(10_000),
      '{"a":1,"a":',
    ),
  )
  .filter((text) => {
    // No body bytes is no body (issue 13: axios and govmomi send body-less POSTs as JSON): not malformed.
    if (text === '') return false;
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });

/** Characters an id can never hold, so a string with one of them is an invalid id by construction. */
const NOT_ID = /[^A-Za-z0-9._:-]/;
const unicodeNonId = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .filter((s) => NOT_ID.test(s));
const hugeString = fc
  .integer({ min: 10_000, max: 300_000 })
  .chain((n) => fc.constantFrom('a', 'é', '😀', '/').map((c) => c.repeat(n)));

/** Path segments that try to escape, smuggle or break a route parameter. */
const PATH_TRICKS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  '..%2F..%2Fetc%2Fpasswd',
  '....//',
  'a%2Fb',
  '%2F',
  '%5C..%5C',
  '%00',
  'a%00b',
  '%2500',
  '%C0%AE%C0%AE',
  '%ZZ',
  '%',
  '%E2%80%AE',
  '%F0%9F%98%80',
  '%EF%BF%BF',
  'a%20b',
  'a;b=c',
  '%0d%0aX-Injected:%201',
  '%27%20OR%201%3D1%20--',
  '%24%7Bjndi%3Aldap%3A%2F%2Fx%7D',
  '%3Cscript%3E',
  'x'.repeat(600),
  '-1',
  '0',
];
const pathParam = fc.oneof(
  fc.constantFrom(...PATH_TRICKS),
  unicodeNonId.map((s) => encodeURIComponent(s)),
  fc
    .string({ minLength: 1, maxLength: 30 })
    .filter((s) => NOT_ID.test(s))
    .map((s) => encodeURIComponent(s)),
);

describe('hostile input to every route of both dialects [SQLite]', () => {
  let t: TwoOrganizations;
  const counts: Record<string, Record<string, number>> = {};
  const record = (inputClass: string, outcome: string): void => {
    const byOutcome = (counts[inputClass] ??= {});
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
  };

  beforeAll(async () => {
    // Rate limits off: the fuzzer is one principal sending thousands of requests.
    t = await startTwoOrganizations({ RATE_LIMIT_PER_SECOND: '0' });
  });
  afterAll(async () => {
    const lines = Object.entries(counts).map(([c, o]) => {
      const total = Object.values(o).reduce((a, b) => a + b, 0);
      return `  ${c}: ${total} requests ${JSON.stringify(o)}`;
    });
    console.log(`hostile input, by class (status and dialect error code):\n${lines.join('\n')}`);
    await t?.service.stop();
  });

  /** Every answer is a 4xx of its dialect's format; the event log does not move. */
  const expectRefused = (
    inputClass: string,
    what: string,
    dialect: string,
    status: number,
    body: unknown,
  ): void => {
    const code = dialect === 'vsphere' ? (body as { error_type?: string })?.error_type : rpcCode(body);
    record(inputClass, `${status} ${String(code)}`);
    if (status < 400 || status >= 500)
      throw new Error(`${what} → ${status} ${JSON.stringify(body)?.slice(0, 300)}`);
    if (code === undefined) throw new Error(`${what} → ${status} without a ${dialect} error body`);
  };

  const send = async (inputClass: string, route: BodyRoute, raw: string): Promise<void> => {
    const url = route.path(t.owned);
    const what = `${route.dialect} ${route.name} ${raw.slice(0, 120)}`;
    // The clients check each answer against the vendor contract (they throw when it does not match).
    const answer =
      route.dialect === 'vsphere'
        ? await t.alice.request(route.method, url, { raw })
        : await t.bvA.request(route.method, url, { raw });
    expectRefused(inputClass, what, route.dialect, answer.status, answer.body);
  };

  const unchanged = async (property: () => Promise<void>): Promise<void> => {
    const before = await t.head();
    await property();
    expect(await t.head()).toBe(before);
  };

  it('refuses malformed JSON on every body route', async () => {
    await unchanged(() =>
      fc.assert(
        fc.asyncProperty(fc.constantFrom(...bodyRoutes), malformedJson, (route, raw) =>
          send('malformed JSON', route, raw),
        ),
        { numRuns: RUNS * 3 },
      ),
    );
    // Also on the action routes that take no body: a broken one is still refused before any command.
    for (const action of ['cancel', 'complete', 'validate']) {
      const url =
        action === 'validate'
          ? `${sessionUrl(t.owned.sessionId)}/file?action=validate`
          : `${sessionUrl(t.owned.sessionId)}?action=${action}`;
      await unchanged(async () => {
        const answer = await t.alice.request('POST', url, { raw: '{"broken":' });
        expectRefused('malformed JSON', `vsphere ${action}`, 'vsphere', answer.status, answer.body);
      });
    }
  });

  it('refuses fields of the wrong type', async () => {
    const wrong = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.jsonValue(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue(), { maxKeys: 3 }),
      fc.string({ maxLength: 10 }),
    );
    const mutation = fc
      .constantFrom(...bodyRoutes)
      .chain((route) =>
        fc.tuple(fc.constant(route), fc.constantFrom(...route.fields), wrong as fc.Arbitrary<Json>),
      );
    await unchanged(() =>
      fc.assert(
        fc.asyncProperty(
          mutation.filter(([route, field, value]) => !sameKind(value, fieldOf(route.body(t.owned), field))),
          async ([route, field, value]) =>
            send('wrong types', route, JSON.stringify(withField(route.body(t.owned), field, value))),
        ),
        { numRuns: RUNS * 4 },
      ),
    );
  });

  it('refuses random JSON documents on the routes that create or end things', async () => {
    const creating = bodyRoutes.filter((r) =>
      [
        'create local library',
        'create library item',
        'create update session',
        'add file',
        'upload',
        'complete-upload',
        'cancel-upload',
        'batch delete',
        'update file',
      ].includes(r.name),
    );
    await unchanged(() =>
      fc.assert(
        fc.asyncProperty(fc.constantFrom(...creating), fc.jsonValue(), (route, value) =>
          send('random JSON', route, JSON.stringify(value)),
        ),
        { numRuns: RUNS * 3 },
      ),
    );
  });

  it('refuses huge strings and unicode in ids and names', async () => {
    const idFields: [string, string][] = [
      ['create update session', 'library_item_id'],
      ['create library item', 'library_id'],
      ['cancel-upload', 'upload_id'],
      ['complete-upload', 'complete_data.id'],
      ['add file', 'name'],
      ['upload', 'file.name'],
      ['update file', 'name'],
    ];
    const target = fc
      .constantFrom(...idFields)
      .map(([name, field]) => [bodyRoutes.find((r) => r.name === name)!, field] as const);
    await unchanged(async () => {
      await fc.assert(
        fc.asyncProperty(target, hugeString, async ([route, field], value) => {
          // Names in the BlendVision dialect may be any text up to 255 characters: longer is refused.
          await send('huge strings', route, JSON.stringify(withField(route.body(t.owned), field, value)));
        }),
        { numRuns: RUNS },
      );
      const ids = idFields.filter(([, field]) => !field.endsWith('name'));
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...ids)
            .map(([name, field]) => [bodyRoutes.find((r) => r.name === name)!, field] as const),
          unicodeNonId,
          async ([route, field], value) =>
            send('unicode ids', route, JSON.stringify(withField(route.body(t.owned), field, value))),
        ),
        { numRuns: RUNS * 2 },
      );
    });
  });

  it('refuses huge, negative and malformed sizes', async () => {
    const vsSizes = fc.oneof(
      fc.integer({ max: -1 }),
      fc.constantFrom(2 ** 53, 1e308, 1.5, -0.5, 2 ** 41),
      fc.constantFrom('10', '', '1e3') as fc.Arbitrary<Json>,
    );
    const bvSizes = fc.oneof(
      fc.bigInt({ min: -(2n ** 70n), max: -1n }).map(String),
      fc.bigInt({ min: 2n ** 53n, max: 2n ** 90n }).map(String),
      fc.constantFrom('1.5', '1e3', ' 1', '', 'abc', '0x10', '+5', '-0', '١٠'),
      fc.constantFrom(-1, 1.5, 2 ** 60) as fc.Arbitrary<Json>,
    );
    const addFile = bodyRoutes.find((r) => r.name === 'add file')!;
    const upload = bodyRoutes.find((r) => r.name === 'upload')!;
    await unchanged(async () => {
      await fc.assert(
        fc.asyncProperty(vsSizes, (size) =>
          send('sizes', addFile, JSON.stringify(withField(addFile.body(t.owned), 'size', size as Json))),
        ),
        { numRuns: RUNS },
      );
      await fc.assert(
        fc.asyncProperty(bvSizes, (size) =>
          send('sizes', upload, JSON.stringify(withField(upload.body(t.owned), 'file.size', size as Json))),
        ),
        { numRuns: RUNS },
      );
    });
  });

  it('refuses duplicate, missing and out-of-range part numbers', async () => {
    const complete = bodyRoutes.find((r) => r.name === 'complete-upload')!;
    const partNumber = fc.oneof(
      fc.constantFrom(1, 2) as fc.Arbitrary<Json>,
      fc.integer({ max: 0 }),
      fc.integer({ min: 3, max: 2 ** 31 }),
      fc.constantFrom(1.5, '1', '', null, 10_001) as fc.Arbitrary<Json>,
    );
    const parts = fc.array(
      fc.record({
        part_number: partNumber,
        etag: fc.oneof(fc.constant(t?.owned.partEtag ?? '"x"'), fc.string({ minLength: 1, maxLength: 70 })),
      }),
      { maxLength: 6 },
    );
    await unchanged(async () => {
      await fc.assert(
        fc.asyncProperty(parts, (list) =>
          send(
            'part numbers',
            complete,
            JSON.stringify({
              complete_data: {
                id: t.owned.bvUploadId,
                parts: list.map((p) => (p.etag === '"x"' ? { ...p, etag: t.owned.partEtag } : p)),
              },
            }),
          ),
        ),
        { numRuns: RUNS * 2 },
      );
      // Part 1 twice, and part 1 alone (part 2 never arrived): both refused.
      for (const list of [[1, 1], [1], [1, 2, 2]]) {
        await send(
          'part numbers',
          complete,
          JSON.stringify({
            complete_data: {
              id: t.owned.bvUploadId,
              parts: list.map((n) => ({ part_number: n, etag: t.owned.partEtag })),
            },
          }),
        );
      }
      // PUTs to part numbers the upload does not have, with part 2's signature.
      const query = new URL(t.owned.partUrls[1]!).search;
      for (const n of ['0', '3', '10001', '-1', 'abc', '1e3', '99999999999999999999', '%31']) {
        const answer = await rawRequest(t.service.baseUrl, {
          method: 'PUT',
          path: `/bv/uploads/${t.owned.bvUploadId}/parts/${n}${query}`,
          body: Buffer.alloc(16),
        });
        expectRefused('part numbers', `PUT part ${n}`, 'bv', answer?.status ?? 0, answer?.body);
      }
    });
  });

  /** Dialect of a raw path, for the error format its answer must have. */
  const dialectOf = (path: string): 'vsphere' | 'bv' | 'audit' =>
    path.startsWith('/bv/') ? 'bv' : path.startsWith('/audit/') ? 'audit' : 'vsphere';

  const checkRaw = (inputClass: string, what: string, path: string, answer: RawAnswer | undefined): void => {
    if (answer === undefined) throw new Error(`${what}: connection closed without an answer`);
    const dialect = dialectOf(path);
    if (dialect === 'audit') {
      record(inputClass, `${answer.status} audit`);
      if (answer.status < 400 || answer.status >= 500)
        throw new Error(`${what} → ${answer.status} ${answer.text.slice(0, 200)}`);
      return;
    }
    expectRefused(inputClass, what, dialect, answer.status, answer.body);
    if (dialect === 'vsphere') t.alice.check('GET', '/nothing-declared', answer.status, answer.body);
    else t.bvA.check('GET', '/nothing-declared', answer.status, answer.body);
  };

  it('refuses invalid ids and path tricks in every route parameter, over raw sockets', async () => {
    // Each route with one of its parameters replaced by a hostile segment, sent byte for byte.
    const paramRoutes = routes.filter((r) => r.scope === 'resource');
    const ids = (o: OwnedByA): string[] => [o.sessionId, o.itemId, o.libraryId, o.bvFileId, o.fileName];
    const auth = (path: string): Record<string, string> =>
      path.startsWith('/bv/')
        ? { authorization: `Bearer ${t.tokenA}`, 'x-bv-org-id': t.orgA }
        : { 'vmware-api-session-id': t.alice.token! };
    await unchanged(() =>
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...paramRoutes),
          fc.nat(),
          pathParam,
          async (route, which, trick) => {
            const path = route.path(t.owned, t.orgA);
            const present = ids(t.owned).filter((id) => path.includes(`/${id}`));
            const target = present[which % Math.max(1, present.length)];
            if (target === undefined) return;
            const hostile = path.replace(target, trick);
            const body = route.body?.(t.owned);
            const answer = await rawRequest(t.service.baseUrl, {
              method: route.method,
              path: hostile,
              headers: {
                ...auth(hostile),
                ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
              },
              ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
            });
            checkRaw('path tricks', `${route.method} ${hostile.slice(0, 150)}`, hostile, answer);
          },
        ),
        { numRuns: RUNS * 6 },
      ),
    );
    // Upload endpoints too: their session, file, upload and part segments.
    const vsUpload = new URL(t.owned.uploadUri);
    const bvPart = new URL(t.owned.partUrls[1]!);
    await unchanged(() =>
      fc.assert(
        fc.asyncProperty(fc.constantFrom(0, 1, 2, 3), pathParam, async (which, trick) => {
          const path = [
            `/cls/data/${trick}/${t.owned.fileName}${vsUpload.search}`,
            `/cls/data/${t.owned.sessionId}/${trick}${vsUpload.search}`,
            `/bv/uploads/${trick}/parts/2${bvPart.search}`,
            `/bv/uploads/${t.owned.bvUploadId}/parts/${trick}${bvPart.search}`,
          ][which]!;
          const answer = await rawRequest(t.service.baseUrl, { method: 'PUT', path, body: Buffer.alloc(16) });
          checkRaw('path tricks', `PUT ${path.slice(0, 150)}`, path, answer);
        }),
        { numRuns: RUNS * 2 },
      ),
    );
    // Bytes no HTTP parser accepts in a request line (NUL, CR, LF in the path): Node refuses them itself
    // with a bare 400 before any route (no dialect can be told from an unparsable request line).
    for (const bad of [
      '/api/content/library/item/update-session/a\u0000b',
      '/bv/cms/v1/library/files/a\rb',
    ]) {
      const answer = await rawRequest(t.service.baseUrl, { method: 'GET', path: bad });
      record('unparsable request line', String(answer?.status ?? 'closed'));
      expect(answer === undefined || answer.status === 400).toBe(true);
    }
  });

  it('refuses wrong content lengths, and survives truncated and slow bodies', async () => {
    const part = new URL(t.owned.partUrls[1]!);
    const partPath = `${part.pathname}${part.search}`;
    const createPath = S;
    const json = JSON.stringify({ library_item_id: t.owned.itemId });
    const vsAuth = { 'vmware-api-session-id': t.alice.token!, 'content-type': 'application/json' };
    await unchanged(async () => {
      // A part longer than its file (2 parts' worth): any shorter length is a part, as on S3.
      for (const length of [2 * PART_SIZE + 1, 3 * PART_SIZE]) {
        const answer = await rawRequest(t.service.baseUrl, {
          method: 'PUT',
          path: partPath,
          body: Buffer.alloc(length),
        });
        checkRaw('content length', `PUT part of ${length} bytes`, partPath, answer);
      }
      // Content-Length headers that are not numbers, negative, or disagree with each other.
      for (const header of ['abc', '-1', '1.5', '99999999999999999999999']) {
        const answer = await rawRequest(t.service.baseUrl, {
          method: 'POST',
          path: createPath,
          headers: { ...vsAuth, 'content-length': header },
          body: json,
        });
        record('content length', String(answer?.status ?? 'closed'));
        expect(answer === undefined || (answer.status >= 400 && answer.status < 500)).toBe(true);
      }
      // A JSON body longer than it says: the declared bytes are not JSON, and the bytes after them are
      // a request line no parser takes, which Node answers with a bare 400 before the first answer.
      const short = await rawRequest(t.service.baseUrl, {
        method: 'POST',
        path: createPath,
        headers: { ...vsAuth, 'content-length': '10' },
        body: json,
      });
      record('content length', `${short?.status ?? 'closed'} (body longer than declared)`);
      expect(short === undefined || (short.status >= 400 && short.status < 500)).toBe(true);
      // Truncated bodies: the client announces more than it sends and hangs up.
      for (const [path, headers, body] of [
        [partPath, {}, Buffer.alloc(PART_SIZE, 7)],
        [createPath, vsAuth, Buffer.from(json)],
        [
          `${F}:upload`,
          { authorization: `Bearer ${t.tokenA}`, 'x-bv-org-id': t.orgA, 'content-type': 'application/json' },
          Buffer.from(JSON.stringify(bodyRoutes.find((r) => r.name === 'upload')!.body(t.owned))),
        ],
      ] as const) {
        const answer = await rawRequest(t.service.baseUrl, {
          method: path === partPath ? 'PUT' : 'POST',
          path,
          headers,
          body,
          truncateAt: Math.floor(body.length / 2),
        });
        record('truncated bodies', String(answer?.status ?? 'closed'));
      }
    });
    // A slow part upload (64 bytes every 10 ms) does not hold up anyone else, then completes. The part
    // may still count as being received by the truncated PUT for a moment (409 code 10, retryable).
    let busy = 0;
    for (;;) {
      const started = Date.now();
      const slow = rawRequest(t.service.baseUrl, {
        method: 'PUT',
        path: partPath,
        body: Buffer.alloc(PART_SIZE, 1),
        slow: { chunk: 64, delayMs: 10 },
      });
      // On a connection of its own, as the service must answer a new client while the slow PUT runs.
      const health = await rawRequest(t.service.baseUrl, { method: 'GET', path: '/health' });
      const quickMs = Date.now() - started;
      expect(health?.status).toBe(200);
      const answer = await slow;
      if (answer?.status === 409 && rpcCode(answer.body) === 10 && busy++ < 20) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      record(
        'slow bodies',
        `${answer?.status ?? 'closed'} after ${Date.now() - started} ms (others answered in ${quickMs} ms, ${busy} retries after 409 code 10)`,
      );
      // Seen once in ~20 full runs (closed after 3 ms, no log line kept): what the service logged
      // during the attempt names the cause if it comes back.
      if (answer?.status !== 200) {
        const since = new Date(started - 50).toISOString();
        const during = t.service.logs.filter((line) => String(line['time']) >= since);
        console.log(`slow part PUT answered ${answer?.status ?? 'nothing'}; service log since:`, during);
      }
      expect(answer?.status).toBe(200);
      break;
    }
  });

  it('is still up, and logged no unexpected error', async () => {
    expect((await fetch(`${t.service.baseUrl}/health`)).status).toBe(200);
    const errors = t.service.logs.filter((line) => line['level'] === 'error');
    expect(errors).toEqual([]);
  });
});
