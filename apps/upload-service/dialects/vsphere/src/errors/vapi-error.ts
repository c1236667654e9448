/**
 * vAPI standard errors as the vSphere REST API (`/api/...`) answers them:
 * `{ error_type, messages: [{ id, default_message, args }] }` with the status vAPI maps each type to.
 */

export type VapiErrorType =
  | 'ALREADY_EXISTS'
  | 'CONCURRENT_CHANGE'
  | 'INTERNAL_SERVER_ERROR'
  | 'INVALID_ARGUMENT'
  | 'NOT_ALLOWED_IN_CURRENT_STATE'
  | 'NOT_FOUND'
  | 'RESOURCE_BUSY'
  | 'SERVICE_UNAVAILABLE'
  | 'UNABLE_TO_ALLOCATE_RESOURCE'
  | 'UNAUTHENTICATED'
  | 'UNAUTHORIZED'
  | 'UNSUPPORTED';

/** The vAPI REST mapping, and the statuses the vendor spec declares (e.g. RESOURCE_BUSY is a 500 there). */
export const vapiStatus: Record<VapiErrorType, number> = {
  ALREADY_EXISTS: 400,
  CONCURRENT_CHANGE: 409,
  INTERNAL_SERVER_ERROR: 500,
  INVALID_ARGUMENT: 400,
  NOT_ALLOWED_IN_CURRENT_STATE: 400,
  NOT_FOUND: 404,
  RESOURCE_BUSY: 500,
  SERVICE_UNAVAILABLE: 503,
  // The spec declares no 429; rate limiting answers HTTP's 429 with the std error closest in meaning.
  UNABLE_TO_ALLOCATE_RESOURCE: 429,
  UNAUTHENTICATED: 401,
  UNAUTHORIZED: 403,
  UNSUPPORTED: 400,
};

export interface VapiLocalizableMessage {
  readonly id: string;
  readonly default_message: string;
  readonly args: readonly string[];
}

export interface VapiErrorBody {
  readonly error_type: VapiErrorType;
  readonly messages: readonly VapiLocalizableMessage[];
}

export interface VapiError {
  readonly status: number;
  readonly body: VapiErrorBody;
}

export const vapiError = (
  errorType: VapiErrorType,
  messageId: string,
  defaultMessage: string,
  args: readonly string[] = [],
): VapiError => ({
  status: vapiStatus[errorType],
  body: { error_type: errorType, messages: [{ id: messageId, default_message: defaultMessage, args }] },
});

export const invalidArgument = (message: string, args: readonly string[] = []): VapiError =>
  vapiError('INVALID_ARGUMENT', 'com.vmware.vapi.std.errors.invalid_argument', message, args);

export const unauthenticated = (): VapiError =>
  vapiError('UNAUTHENTICATED', 'vapi.method.authentication.required', 'Authentication required.');

export const notFound = (message: string, args: readonly string[] = []): VapiError =>
  vapiError('NOT_FOUND', 'com.vmware.vapi.std.errors.not_found', message, args);
