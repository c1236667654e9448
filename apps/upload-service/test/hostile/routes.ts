import type { OwnedByA } from './two-organizations';

/**
 * Every route the service serves, as read from its controllers and Fastify routes (vSphere
 * `src/dialects/vsphere/*.controller.ts` and `upload/upload-route.ts`, BlendVision
 * `bv-files.controller.ts` and `uploads/part-upload-route.ts`, `audit`, `health`, `metrics`), each
 * aimed at organization A's resources.
 */
export type Dialect = 'vsphere' | 'bv' | 'audit' | 'infra';

export interface Route {
  readonly name: string;
  readonly dialect: Dialect;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: (owned: OwnedByA, orgA: string) => string;
  readonly body?: (owned: OwnedByA) => unknown;
  /**
   * `resource`: names one of A's resources (another organization must get 404); `list`: answers the
   * caller's own organization (another must not see A's items in it); `create`: makes something new
   * for the caller without naming anything of A's; `upload`: authorised by a signed URL.
   */
  readonly scope: 'resource' | 'list' | 'create' | 'upload' | 'public';
}

const S = '/api/content/library/item/update-session';
const F = '/bv/cms/v1/library/files';

export const routes: readonly Route[] = [
  // vSphere: libraries and items.
  {
    name: 'create local library',
    dialect: 'vsphere',
    method: 'POST',
    path: () => '/api/content/local-library',
    body: () => ({ name: 'x', type: 'LOCAL' }),
    scope: 'create',
  },
  {
    name: 'list local libraries',
    dialect: 'vsphere',
    method: 'GET',
    path: () => '/api/content/local-library',
    scope: 'list',
  },
  {
    name: 'get local library',
    dialect: 'vsphere',
    method: 'GET',
    path: (o) => `/api/content/local-library/${o.libraryId}`,
    scope: 'resource',
  },
  {
    name: 'list libraries',
    dialect: 'vsphere',
    method: 'GET',
    path: () => '/api/content/library',
    scope: 'list',
  },
  {
    name: 'get library',
    dialect: 'vsphere',
    method: 'GET',
    path: (o) => `/api/content/library/${o.libraryId}`,
    scope: 'resource',
  },
  {
    name: 'create library item',
    dialect: 'vsphere',
    method: 'POST',
    path: () => '/api/content/library/item',
    body: (o) => ({ library_id: o.libraryId, name: 'x', type: 'iso' }),
    scope: 'resource',
  },
  {
    name: 'list library items',
    dialect: 'vsphere',
    method: 'GET',
    path: (o) => `/api/content/library/item?library_id=${o.libraryId}`,
    scope: 'resource',
  },
  {
    name: 'get library item',
    dialect: 'vsphere',
    method: 'GET',
    path: (o) => `/api/content/library/item/${o.itemId}`,
    scope: 'resource',
  },
  {
    name: 'list library item files',
    dialect: 'vsphere',
    method: 'GET',
    path: (o) => `/api/content/library/item/${o.itemId}/file`,
    scope: 'resource',
  },
  // vSphere: update sessions.
  {
    name: 'create update session',
    dialect: 'vsphere',
    method: 'POST',
    path: () => S,
    body: (o) => ({ library_item_id: o.itemId }),
    scope: 'resource',
  },
  { name: 'list update sessions', dialect: 'vsphere', method: 'GET', path: () => S, scope: 'list' },
  {
    name: 'get update session',
    dialect: 'vsphere',
    method: 'GET',
    path: (o) => `${S}/${o.sessionId}`,
    scope: 'resource',
  },
  {
    name: 'update update session',
    dialect: 'vsphere',
    method: 'PATCH',
    path: (o) => `${S}/${o.sessionId}`,
    body: () => ({ warning_behavior: [{ type: 'SELF_SIGNED_CERTIFICATE', ignored: true }] }),
    scope: 'resource',
  },
  {
    name: 'delete update session',
    dialect: 'vsphere',
    method: 'DELETE',
    path: (o) => `${S}/${o.sessionId}`,
    scope: 'resource',
  },
  {
    name: 'cancel',
    dialect: 'vsphere',
    method: 'POST',
    path: (o) => `${S}/${o.sessionId}?action=cancel`,
    scope: 'resource',
  },
  {
    name: 'complete',
    dialect: 'vsphere',
    method: 'POST',
    path: (o) => `${S}/${o.sessionId}?action=complete`,
    scope: 'resource',
  },
  {
    name: 'fail',
    dialect: 'vsphere',
    method: 'POST',
    path: (o) => `${S}/${o.sessionId}?action=fail`,
    body: () => ({ client_error_message: 'x' }),
    scope: 'resource',
  },
  {
    name: 'keep-alive',
    dialect: 'vsphere',
    method: 'POST',
    path: (o) => `${S}/${o.sessionId}?action=keep-alive`,
    body: () => ({ client_progress: 50 }),
    scope: 'resource',
  },
  {
    name: 'add file',
    dialect: 'vsphere',
    method: 'POST',
    path: (o) => `${S}/${o.sessionId}/file`,
    body: () => ({ name: 'g.bin', source_type: 'PUSH', size: 1 }),
    scope: 'resource',
  },
  {
    name: 'list files',
    dialect: 'vsphere',
    method: 'GET',
    path: (o) => `${S}/${o.sessionId}/file`,
    scope: 'resource',
  },
  {
    name: 'get file',
    dialect: 'vsphere',
    method: 'GET',
    path: (o) => `${S}/${o.sessionId}/file/${o.fileName}`,
    scope: 'resource',
  },
  {
    name: 'remove file',
    dialect: 'vsphere',
    method: 'DELETE',
    path: (o) => `${S}/${o.sessionId}/file/${o.fileName}`,
    scope: 'resource',
  },
  {
    name: 'validate files',
    dialect: 'vsphere',
    method: 'POST',
    path: (o) => `${S}/${o.sessionId}/file?action=validate`,
    scope: 'resource',
  },
  { name: 'logout', dialect: 'vsphere', method: 'DELETE', path: () => '/api/session', scope: 'create' },
  // BlendVision library files.
  {
    name: 'upload',
    dialect: 'bv',
    method: 'POST',
    path: () => `${F}:upload`,
    body: () => ({
      file: { type: 'FILE_TYPE_VIDEO', source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY', name: 'x.mp4', size: '10' },
    }),
    scope: 'create',
  },
  {
    name: 'list files',
    dialect: 'bv',
    method: 'GET',
    path: () => `${F}?type=FILE_TYPE_VIDEO&filter.all=true`,
    scope: 'list',
  },
  {
    name: 'batch delete',
    dialect: 'bv',
    method: 'DELETE',
    path: () => F,
    body: (o) => ({ ids: [o.bvFileId] }),
    scope: 'list',
  },
  { name: 'get file', dialect: 'bv', method: 'GET', path: (o) => `${F}/${o.bvFileId}`, scope: 'resource' },
  {
    name: 'update file',
    dialect: 'bv',
    method: 'PUT',
    path: (o) => `${F}/${o.bvFileId}`,
    body: () => ({ name: 'renamed.mp4' }),
    scope: 'resource',
  },
  {
    name: 'delete file',
    dialect: 'bv',
    method: 'DELETE',
    path: (o) => `${F}/${o.bvFileId}`,
    scope: 'resource',
  },
  {
    name: 'complete-upload',
    dialect: 'bv',
    method: 'POST',
    path: (o) => `${F}/${o.bvFileId}:complete-upload`,
    body: (o) => ({ complete_data: { id: o.bvUploadId, parts: [{ part_number: 1, etag: o.partEtag }] } }),
    scope: 'resource',
  },
  {
    name: 'cancel-upload',
    dialect: 'bv',
    method: 'POST',
    path: (o) => `${F}/${o.bvFileId}:cancel-upload`,
    body: (o) => ({ upload_id: o.bvUploadId }),
    scope: 'resource',
  },
  {
    name: 'download',
    dialect: 'bv',
    method: 'POST',
    path: (o) => `${F}/${o.bvFileId}:download`,
    scope: 'resource',
  },
  {
    name: 'update permissions',
    dialect: 'bv',
    method: 'PUT',
    path: (o) => `${F}/${o.bvFileId}/permissions`,
    body: () => ({}),
    scope: 'resource',
  },
  {
    name: 'permission role',
    dialect: 'bv',
    method: 'GET',
    path: (o) => `${F}/${o.bvFileId}/permissions:role`,
    scope: 'resource',
  },
  // Audit.
  {
    name: 'session history',
    dialect: 'audit',
    method: 'GET',
    path: (o, org) => `/audit/organizations/${org}/sessions/${o.sessionId}`,
    scope: 'resource',
  },
  {
    name: 'organization events',
    dialect: 'audit',
    method: 'GET',
    path: (_o, org) => `/audit/organizations/${org}/events`,
    scope: 'resource',
  },
  // Operations page JSON (read models), authenticated like the audit API.
  {
    name: 'operations sessions',
    dialect: 'audit',
    method: 'GET',
    path: (_o, org) => `/audit/organizations/${org}/operations/sessions`,
    scope: 'resource',
  },
  {
    name: 'operations session',
    dialect: 'audit',
    method: 'GET',
    path: (o, org) => `/audit/organizations/${org}/operations/sessions/${o.sessionId}`,
    scope: 'resource',
  },
  {
    name: 'operations activity',
    dialect: 'audit',
    method: 'GET',
    path: (_o, org) => `/audit/organizations/${org}/operations/activity`,
    scope: 'resource',
  },
  // Infrastructure: unauthenticated by design (probes, Prometheus); they must tell nothing of anyone's data.
  { name: 'liveness', dialect: 'infra', method: 'GET', path: () => '/health', scope: 'public' },
  { name: 'readiness', dialect: 'infra', method: 'GET', path: () => '/health/ready', scope: 'public' },
  { name: 'metrics', dialect: 'infra', method: 'GET', path: () => '/metrics', scope: 'public' },
  { name: 'openapi', dialect: 'infra', method: 'GET', path: () => '/api/openapi.json', scope: 'public' },
];

/** The signed-URL upload routes, PUT with raw bytes. */
export const uploadRoutes = {
  vsphere: (o: OwnedByA): string => o.uploadUri,
  bv: (o: OwnedByA): string => o.partUrls[1] ?? '',
};
