import document from './vsphere.openapi.json';

/**
 * The OpenAPI 3.1 document of the vSphere dialect (`/api`), written from VMware's Content Library
 * contract: its paths, fields, types, statuses and error bodies, restricted to the operations served
 * here, plus login and the upload endpoint (marked `x-extension`). The conformance test compares it
 * with the vendor's file operation by operation; the e2e tests check every answer against it.
 */
export const vsphereOpenApi: Readonly<Record<string, unknown>> = document;
