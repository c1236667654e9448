import { describeUploadSessionError } from '@upload-sessions/domain';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import { partNumberOf } from '../uploads/part-plan';
import type { BvError } from './bv-error';
import { rpcStatus, type RpcStatus } from './rpc-status';

/** A session slot name as the client knows it: part numbers, not `part-00001`. */
const partLabel = (name: string): string => {
  const n = partNumberOf(name);
  return n === undefined ? JSON.stringify(name) : `part ${n}`;
};
const partLabels = (names: readonly string[]): string => names.map(partLabel).join(', ');

/**
 * The BlendVision dialect's one mapping from error values (its own, the domain's, the store's and the
 * content store's) to google.rpc.Status. Codes follow the BlendVision answers and our policy in
 * specs/README.md: unknown or foreign files and uploads are 5 NOT_FOUND, an upload that is no longer in
 * progress is 9 FAILED_PRECONDITION, bad input 3 INVALID_ARGUMENT, credentials 16 and 7, a lost
 * race or a part already being received 10 ABORTED, a store that cannot answer 14 UNAVAILABLE.
 */
export const toRpcStatus = (error: ApplicationError | BvError): RpcStatus => {
  switch (error._tag) {
    case 'BvFileNotFound':
      return rpcStatus('NOT_FOUND', `file ${error.fileId} not found`, 'FILE_NOT_FOUND', {
        file_id: error.fileId,
      });
    case 'BvFileAlreadyExists':
      return rpcStatus('ALREADY_EXISTS', `file ${error.fileId} already exists`, 'FILE_ALREADY_EXISTS', {
        file_id: error.fileId,
      });
    case 'UploadNotFound':
      return rpcStatus(
        'NOT_FOUND',
        `upload ${error.uploadId} of file ${error.fileId} not found`,
        'UPLOAD_NOT_FOUND',
        {
          file_id: error.fileId,
          upload_id: error.uploadId,
        },
      );
    case 'Unauthenticated':
      return rpcStatus(
        'UNAUTHENTICATED',
        'the authorization header is missing or its api token is not valid',
        'UNAUTHENTICATED',
      );
    case 'MissingOrganization':
      return rpcStatus('INVALID_ARGUMENT', 'the x-bv-org-id header is required', 'MISSING_ORGANIZATION');
    case 'OrganizationNotAllowed':
      return rpcStatus(
        'PERMISSION_DENIED',
        `the api token may not act for organization ${error.organizationId}`,
        'ORGANIZATION_NOT_ALLOWED',
        { org_id: error.organizationId },
      );
    case 'BadPartUrl':
      return rpcStatus(
        'PERMISSION_DENIED',
        error.reason === 'expired' ? 'the part url has expired' : 'the part url signature is not valid',
        error.reason === 'expired' ? 'PART_URL_EXPIRED' : 'PART_URL_INVALID',
      );
    case 'PartSizeMismatch':
      return rpcStatus(
        'INVALID_ARGUMENT',
        `part ${error.partNumber} must be ${error.expected} bytes, got ${error.actual ?? 'a different length'}`,
        'PART_SIZE_MISMATCH',
        { part_number: String(error.partNumber), expected: String(error.expected) },
      );
    case 'PartTooLarge':
      return rpcStatus(
        'INVALID_ARGUMENT',
        `part ${error.partNumber} may be at most ${error.limit} bytes`,
        'PART_TOO_LARGE',
        { part_number: String(error.partNumber), limit: String(error.limit) },
      );
    case 'PartOrder':
      return rpcStatus(
        'INVALID_ARGUMENT',
        `parts must be listed in ascending order: part ${error.partNumber} comes after part ${error.after}`,
        'INVALID_PART_ORDER',
        { part_number: String(error.partNumber) },
      );
    case 'PartTooSmall':
      return rpcStatus(
        'INVALID_ARGUMENT',
        `part ${error.partNumber} is ${error.size} bytes: every part but the last must be at least ${error.minimum}`,
        'PART_TOO_SMALL',
        { part_number: String(error.partNumber), minimum: String(error.minimum) },
      );
    case 'PartsSizeMismatch':
      // Short: more parts are to come (a state to change); long: the list itself is wrong.
      return error.listedBytes < error.fileSize
        ? rpcStatus(
            'FAILED_PRECONDITION',
            `the listed parts make ${error.listedBytes} of the file's ${error.fileSize} bytes`,
            'PARTS_MISSING',
            { listed_bytes: String(error.listedBytes), file_size: String(error.fileSize) },
          )
        : rpcStatus(
            'INVALID_ARGUMENT',
            `the listed parts make ${error.listedBytes} bytes, more than the file's ${error.fileSize}`,
            'SIZE_MISMATCH',
            { listed_bytes: String(error.listedBytes), file_size: String(error.fileSize) },
          );
    case 'FileNotDownloadable':
      return rpcStatus(
        'NOT_FOUND',
        `file ${error.fileId} has no uploaded content to download`,
        'FILE_CONTENT_NOT_FOUND',
        { file_id: error.fileId },
      );
    case 'BadDownloadUrl':
      return rpcStatus(
        'PERMISSION_DENIED',
        error.reason === 'expired'
          ? 'the download url has expired'
          : 'the download url signature is not valid',
        error.reason === 'expired' ? 'DOWNLOAD_URL_EXPIRED' : 'DOWNLOAD_URL_INVALID',
      );
    case 'BvInvalidArgument':
      return rpcStatus('INVALID_ARGUMENT', error.message, 'INVALID_ARGUMENT', { field: error.field });
    case 'BvUnimplemented':
      return rpcStatus('UNIMPLEMENTED', error.message, 'UNIMPLEMENTED');

    // The domain's refusals.
    case 'SessionNotFound':
      return rpcStatus(
        'NOT_FOUND',
        error.sessionId === null ? 'upload not found' : `upload ${error.sessionId} not found`,
        'UPLOAD_NOT_FOUND',
        error.sessionId === null ? {} : { upload_id: error.sessionId },
      );
    case 'NotAllowedInCurrentState':
    case 'AlreadyCanceled':
      return rpcStatus('FAILED_PRECONDITION', uploadStateMessage(error.state), 'UPLOAD_NOT_IN_PROGRESS', {
        upload_state: error.state,
      });
    case 'SessionAlreadyExists':
      return rpcStatus('ALREADY_EXISTS', `upload ${error.sessionId} already exists`, 'UPLOAD_ALREADY_EXISTS');
    case 'FileNotFound':
      return rpcStatus(
        'INVALID_ARGUMENT',
        `${partLabel(error.name)} is not a part of the upload`,
        'UNKNOWN_PART',
      );
    case 'FileAlreadyExists':
      return rpcStatus('ALREADY_EXISTS', `${partLabel(error.name)} already exists`, 'PART_ALREADY_EXISTS');
    case 'ContentMissing':
      return rpcStatus(
        'FAILED_PRECONDITION',
        `${partLabels(error.names)} not uploaded or not listed`,
        'PARTS_MISSING',
        {
          parts: error.names.map((name) => String(partNumberOf(name) ?? name)).join(','),
        },
      );
    case 'NoContent':
      return rpcStatus('FAILED_PRECONDITION', 'the upload has no parts', 'PARTS_MISSING');
    case 'ContentInvalid':
      return rpcStatus(
        'FAILED_PRECONDITION',
        `${partLabel(error.name)} is not valid: ${error.message}`,
        'PART_INVALID',
      );
    case 'EtagMismatch':
      return rpcStatus(
        'INVALID_ARGUMENT',
        `${partLabel(error.name)} has etag ${error.expected}, not ${error.actual}`,
        'ETAG_MISMATCH',
      );
    case 'InvalidArgument':
      return rpcStatus('INVALID_ARGUMENT', describeUploadSessionError(error), 'INVALID_ARGUMENT', {
        field: error.field,
      });
    case 'ProgressDecreased':
      return rpcStatus('INVALID_ARGUMENT', describeUploadSessionError(error), 'INVALID_ARGUMENT');
    case 'NotExpired':
      return rpcStatus('FAILED_PRECONDITION', describeUploadSessionError(error), 'UPLOAD_NOT_EXPIRED');

    // Library items belong to the vSphere dialect; listed so that the mapping stays total.
    case 'LibraryNotFound':
    case 'LibraryItemNotFound':
      return rpcStatus('NOT_FOUND', 'not found', 'NOT_FOUND');
    case 'AlreadyCreated':
    case 'ItemNameTaken':
      return rpcStatus('ALREADY_EXISTS', 'already exists', 'ALREADY_EXISTS');
    case 'ResourceBusy':
      return rpcStatus('ABORTED', 'the resource is busy', 'RESOURCE_BUSY');

    case 'TransferInProgress':
      return rpcStatus(
        'ABORTED',
        `${partLabel(error.fileName)} is already being uploaded`,
        'PART_UPLOAD_IN_PROGRESS',
      );
    case 'Concurrency':
      return rpcStatus(
        'ABORTED',
        'the upload was changed concurrently; retry the request',
        'CONCURRENT_CHANGE',
      );
    case 'TransferAborted':
      if (error.shutdown === true) {
        return rpcStatus(
          'UNAVAILABLE',
          'the service is shutting down; upload the part again in a moment',
          'SERVICE_SHUTTING_DOWN',
        );
      }
      return rpcStatus('ABORTED', `the part upload was stopped: ${error.reason}`, 'PART_UPLOAD_ABORTED');
    case 'ContentTooLarge':
      return rpcStatus(
        'INVALID_ARGUMENT',
        `the part is longer than allowed (${error.limit} bytes)`,
        'PART_TOO_LARGE',
        {
          limit: String(error.limit),
        },
      );
    case 'BadUploadToken':
      return rpcStatus('PERMISSION_DENIED', 'the upload url is not valid', 'PART_URL_INVALID');
    case 'StoreUnavailable':
    case 'StorageFailed':
      return rpcStatus(
        'UNAVAILABLE',
        'the service cannot complete the request now; retry later',
        'UNAVAILABLE',
      );
    case 'CorruptStream':
      return rpcStatus('INTERNAL', 'internal error', 'INTERNAL');
    case 'InvalidRequest':
      return rpcStatus('INVALID_ARGUMENT', error.message, 'INVALID_ARGUMENT');
    case 'Unsupported':
      return rpcStatus('UNIMPLEMENTED', error.message, 'UNIMPLEMENTED');
  }
};

const uploadStateMessage = (state: string): string => {
  switch (state) {
    case 'DONE':
      return 'the upload is already completed';
    case 'CANCELED':
      return 'the upload is canceled';
    case 'ERROR':
      return 'the upload has failed';
    default:
      return `the upload is ${state.toLowerCase()}`;
  }
};
