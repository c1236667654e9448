import {
  DialectHttpError,
  type DialectErrorRenderer,
} from '@upload-sessions/service-core/http/dialect-http-error';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import type { BvError } from './bv-error';
import { toRpcStatus } from './bv-error-mapper';
import { rpcStatus, type RpcStatus } from './rpc-status';

export const BV_PATH_PREFIX = '/bv/';

export const rpcHttpError = (status: RpcStatus): DialectHttpError =>
  new DialectHttpError(status.httpStatus, status.body, { 'content-type': 'application/json' });

/** The error value thrown as its google.rpc.Status response. */
export const bvHttpError = (error: ApplicationError | BvError): DialectHttpError =>
  rpcHttpError(toRpcStatus(error));

/**
 * Framework errors on BlendVision URLs, as google.rpc.Status: malformed JSON, a body over the limit
 * or of a type no parser takes are 3 INVALID_ARGUMENT (never a 500), unknown routes 5 NOT_FOUND.
 */
export const bvErrorRenderer: DialectErrorRenderer = {
  matches: (url) => url.startsWith(BV_PATH_PREFIX),
  render: (status, message) => {
    if (status === 404)
      return rpcHttpError(rpcStatus('NOT_FOUND', 'no such resource or method', 'NOT_FOUND'));
    if (status === 405)
      return rpcHttpError(rpcStatus('UNIMPLEMENTED', 'method not allowed', 'UNIMPLEMENTED'));
    if (status === 401)
      return rpcHttpError(rpcStatus('UNAUTHENTICATED', 'authentication required', 'UNAUTHENTICATED'));
    if (status === 403)
      return rpcHttpError(rpcStatus('PERMISSION_DENIED', 'permission denied', 'PERMISSION_DENIED'));
    if (status === 429)
      return rpcHttpError(rpcStatus('RESOURCE_EXHAUSTED', 'too many requests', 'RESOURCE_EXHAUSTED'));
    if (status >= 400 && status < 500) {
      return rpcHttpError(
        rpcStatus('INVALID_ARGUMENT', `the request is not valid: ${message}`, 'INVALID_ARGUMENT'),
      );
    }
    if (status === 503)
      return rpcHttpError(rpcStatus('UNAVAILABLE', 'the service is unavailable', 'UNAVAILABLE'));
    return rpcHttpError(rpcStatus('INTERNAL', 'internal error', 'INTERNAL'));
  },
};
