import document from './blendvision.openapi.json';

/**
 * The OpenAPI 3.1 document of the BlendVision dialect (`/bv/cms/v1/library/files…`), written from the
 * vendor's CMS contract (paths, fields, types, statuses, google.rpc.Status errors), plus the
 * part-upload route the presigned part URLs point at (marked `x-extension`). The conformance test
 * compares it with the vendor's file; the e2e tests check every answer against it.
 */
export const blendVisionOpenApi: Readonly<Record<string, unknown>> = document;
