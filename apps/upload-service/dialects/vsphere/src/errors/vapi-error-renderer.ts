import {
  DialectHttpError,
  type DialectErrorRenderer,
} from '@upload-sessions/service-core/http/dialect-http-error';
import { invalidArgument, notFound, vapiError, type VapiError } from './vapi-error';

export const vapiHttpError = (error: VapiError): DialectHttpError =>
  new DialectHttpError(error.status, error.body);

/**
 * Framework errors on vSphere URLs, as vAPI errors: malformed or oversized bodies and wrong content
 * types are INVALID_ARGUMENT (never a 500), unknown routes NOT_FOUND.
 */
export const vapiErrorRenderer: DialectErrorRenderer = {
  matches: (url) => url.startsWith('/api/') || url === '/api' || url.startsWith('/cls/'),
  render: (status, message) => {
    if (status === 404) return vapiHttpError(notFound('The requested resource does not exist.'));
    if (status === 401)
      return vapiHttpError(
        vapiError('UNAUTHENTICATED', 'vapi.method.authentication.required', 'Authentication required.'),
      );
    if (status === 429) {
      return vapiHttpError(
        vapiError(
          'UNABLE_TO_ALLOCATE_RESOURCE',
          'com.vmware.vapi.std.errors.unable_to_allocate_resource',
          'Too many requests; retry later.',
        ),
      );
    }
    if (status >= 400 && status < 500)
      return vapiHttpError(invalidArgument(`The request is not valid: ${message}`));
    if (status === 503) {
      return vapiHttpError(
        vapiError(
          'SERVICE_UNAVAILABLE',
          'com.vmware.vapi.std.errors.service_unavailable',
          'The service is unavailable.',
        ),
      );
    }
    return vapiHttpError(
      vapiError(
        'INTERNAL_SERVER_ERROR',
        'com.vmware.vapi.std.errors.internal_server_error',
        'Internal server error.',
      ),
    );
  },
};
