import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { blendVisionOpenApi } from '@upload-sessions/dialect-blendvision/openapi/blendvision-openapi';
import { vsphereOpenApi } from '@upload-sessions/dialect-vsphere/openapi/vsphere-openapi';
import type { Json, JsonObject, OpenApiDocument } from './openapi-contract';

/**
 * The project's OpenAPI documents against the vendors' contracts in `../shared/specs/` (beside the
 * repository, not shipped with it), operation by operation: paths, methods, statuses, and the field
 * names and types of every response. Operations the project adds carry `x-extension`; vendor
 * operations it does not serve are listed below. Without the vendor files the comparison is skipped,
 * and the reason printed (by the summary reporter, as `skipped: …`).
 */

const specsDir = path.resolve(__dirname, '../../../../shared/specs');
const vsphereFile = path.join(specsDir, 'vsphere-content-library.swagger.json');
const bvFile = path.join(specsDir, 'blendvision-cms-library-files.json');

/** Vendor operations this service does not serve (the README says so too). */
const VSPHERE_NOT_SERVED = new Set([
  'PATCH /api/content/library/item/{library_item_id}',
  'DELETE /api/content/library/item/{library_item_id}',
  'PATCH /api/content/library/{library_id}',
  'PATCH /api/content/local-library/{library_id}',
  'DELETE /api/content/local-library/{library_id}',
]);

const isObject = (node: Json | undefined): node is JsonObject =>
  node !== null && node !== undefined && typeof node === 'object' && !Array.isArray(node);

/** Every field of a schema as `path: type`, references resolved (recursive types stop at a depth). */
export const shapeOf = (
  schema: JsonObject | undefined,
  resolve: (ref: string) => JsonObject | undefined,
): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (node: JsonObject | undefined, at: string, depth: number): void => {
    if (node === undefined || depth > 6) return;
    const ref = node['$ref'];
    if (typeof ref === 'string') return walk(resolve(ref), at, depth + 1);
    const declared = node['type'];
    const type = Array.isArray(declared)
      ? declared.filter((t) => t !== 'null').join('|')
      : typeof declared === 'string'
        ? declared
        : isObject(node['properties'])
          ? 'object'
          : isObject(node['items'])
            ? 'array'
            : 'any';
    const format = typeof node['format'] === 'string' ? `(${node['format']})` : '';
    out[at] = `${type}${format}`;
    const properties = node['properties'];
    if (isObject(properties)) {
      for (const [name, child] of Object.entries(properties)) {
        if (isObject(child)) walk(child, at === '' ? name : `${at}.${name}`, depth + 1);
      }
    }
    const items = node['items'];
    if (isObject(items)) walk(items, `${at}[]`, depth + 1);
  };
  walk(schema, '', 0);
  return out;
};

interface Operation {
  readonly statuses: readonly string[];
  readonly schemas: Record<string, JsonObject | undefined>;
  readonly extension: boolean;
}

const projectOperations = (doc: OpenApiDocument): Map<string, Operation> => {
  const out = new Map<string, Operation>();
  for (const [route, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const responses = op.responses;
      const statuses = Object.keys(responses).filter((s) => s !== 'default');
      out.set(`${method.toUpperCase()} ${route}`, {
        statuses: statuses.sort(),
        schemas: Object.fromEntries(
          statuses.map((s) => [s, responses[s]?.content?.['application/json']?.schema]),
        ),
        extension: (op as unknown as JsonObject)['x-extension'] !== undefined,
      });
    }
  }
  return out;
};

interface VendorOperation {
  readonly responses: Record<string, { readonly schema?: JsonObject }>;
}

const vendorOperations = (
  operations: readonly { key: string; op: VendorOperation }[],
): Map<string, Operation> =>
  new Map(
    operations.map(({ key, op }) => {
      const statuses = Object.keys(op.responses).filter((s) => s !== 'default');
      return [
        key,
        {
          statuses: statuses.sort(),
          schemas: Object.fromEntries(statuses.map((s) => [s, op.responses[s]?.schema])),
          extension: false,
        },
      ];
    }),
  );

const resolver =
  (prefix: string, definitions: Record<string, JsonObject>) =>
  (ref: string): JsonObject | undefined =>
    ref.startsWith(prefix) ? definitions[ref.slice(prefix.length)] : undefined;

/** Differences between the project's operations and the vendor's, as readable lines (none when they agree). */
const compare = (
  project: Map<string, Operation>,
  projectResolve: (ref: string) => JsonObject | undefined,
  vendor: Map<string, Operation>,
  vendorResolve: (ref: string) => JsonObject | undefined,
  notServed: ReadonlySet<string>,
): string[] => {
  const problems: string[] = [];
  for (const [key, theirs] of vendor) {
    const ours = project.get(key);
    if (ours === undefined) {
      if (!notServed.has(key)) problems.push(`${key}: in the vendor contract, missing from ours`);
      continue;
    }
    if (notServed.has(key)) problems.push(`${key}: listed as not served, but documented`);
    if (ours.statuses.join(',') !== theirs.statuses.join(','))
      problems.push(`${key}: statuses ${ours.statuses.join(',')} vs vendor ${theirs.statuses.join(',')}`);
    for (const status of theirs.statuses) {
      const a = shapeOf(ours.schemas[status], projectResolve);
      const b = shapeOf(theirs.schemas[status], vendorResolve);
      for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (a[field] !== b[field])
          problems.push(
            `${key} ${status} ${field || '(body)'}: ours ${a[field] ?? 'absent'}, vendor ${b[field] ?? 'absent'}`,
          );
      }
    }
  }
  for (const [key, ours] of project) {
    if (!vendor.has(key) && !ours.extension)
      problems.push(`${key}: not in the vendor contract and not marked x-extension`);
  }
  return problems;
};

const present = existsSync(vsphereFile) && existsSync(bvFile);

if (present) {
  describe('the project documents against the vendor contracts', () => {
    it('vSphere: same operations, statuses and response fields as VMware’s contract', () => {
      const vendor = JSON.parse(readFileSync(vsphereFile, 'utf8')) as {
        paths: Record<string, Record<string, VendorOperation>>;
        definitions: Record<string, JsonObject>;
      };
      const ours = vsphereOpenApi as unknown as OpenApiDocument;
      const theirs = vendorOperations(
        Object.entries(vendor.paths).flatMap(([route, item]) =>
          Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${route}`, op })),
        ),
      );
      expect(theirs.size).toBeGreaterThan(20);
      expect(
        compare(
          projectOperations(ours),
          resolver('#/components/schemas/', ours.components.schemas),
          theirs,
          resolver('#/definitions/', vendor.definitions),
          VSPHERE_NOT_SERVED,
        ),
      ).toEqual([]);
    });

    it('BlendVision: same operations, statuses and response fields as the CMS contract', () => {
      const vendor = JSON.parse(readFileSync(bvFile, 'utf8')) as {
        operations: { method: string; path: string; responses: VendorOperation['responses'] }[];
        definitions: Record<string, JsonObject>;
      };
      const ours = blendVisionOpenApi as unknown as OpenApiDocument;
      const theirs = vendorOperations(
        vendor.operations.map((op) => ({ key: `${op.method.toUpperCase()} ${op.path}`, op })),
      );
      expect(theirs.size).toBeGreaterThan(8);
      expect(
        compare(
          projectOperations(ours),
          resolver('#/components/schemas/', ours.components.schemas),
          theirs,
          resolver('#/definitions/', vendor.definitions),
          new Set(),
        ),
      ).toEqual([]);
    });
  });
} else {
  const reason = `compares the project's OpenAPI documents with ${path.relative(process.cwd(), specsDir)} (vendor specs not present)`;
  describe.skip('vendor conformance', () => {
    it(reason, () => {
      expect(existsSync(vsphereFile)).toBe(true);
    });
  });
}

describe('the conformance comparison', () => {
  // The comparison must be able to fail: a renamed field, a changed type, a missing status.
  const definitions: Record<string, JsonObject> = {
    Model: { type: 'object', properties: { id: { type: 'string' }, size: { type: 'integer' } } },
  };
  const vendor = vendorOperations([
    {
      key: 'GET /x',
      op: { responses: { '200': { schema: { $ref: '#/definitions/Model' } }, '404': {} } },
    },
  ]);
  const project = (schema: JsonObject, statuses: string[] = ['200', '404']): Map<string, Operation> =>
    new Map([['GET /x', { statuses, schemas: { '200': schema }, extension: false } satisfies Operation]]);
  const run = (ours: Map<string, Operation>) =>
    compare(
      ours,
      resolver('#/definitions/', definitions),
      vendor,
      resolver('#/definitions/', definitions),
      new Set(),
    );

  it('agrees with itself and reports renamed fields, changed types and statuses', () => {
    expect(run(project({ $ref: '#/definitions/Model' }))).toEqual([]);
    expect(
      run(project({ type: 'object', properties: { id: { type: 'string' }, bytes: { type: 'integer' } } })),
    ).toHaveLength(2);
    expect(
      run(project({ type: 'object', properties: { id: { type: 'string' }, size: { type: 'string' } } })),
    ).toEqual(['GET /x 200 size: ours string, vendor integer']);
    expect(run(project({ $ref: '#/definitions/Model' }, ['200']))).toEqual([
      'GET /x: statuses 200 vs vendor 200,404',
    ]);
  });
});
