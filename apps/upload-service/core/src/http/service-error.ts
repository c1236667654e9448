/** The gRPC-style code names the service's own routes use (the audit API's), by HTTP status. */
const CODES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'ABORTED',
  413: 'INVALID_ARGUMENT',
  415: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  503: 'UNAVAILABLE',
};

/**
 * The error body of every route outside the vendor dialects (audit, health, metrics, docs, unknown
 * paths): `{ error: { code, message } }`, the audit API's format.
 */
export const serviceErrorBody = (status: number, message: string) => ({
  error: {
    code: CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT'),
    message: status >= 500 && status !== 503 ? 'Internal server error.' : message,
  },
});
