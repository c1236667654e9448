import { describeUploadSessionError } from '@upload-sessions/domain';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import { invalidArgument, notFound, vapiError, type VapiError } from './vapi-error';

/**
 * The vSphere dialect's one mapping from error values (domain, library, store, content) to vAPI std
 * errors. Status codes follow the vendor spec: not ACTIVE is 400 NOT_ALLOWED_IN_CURRENT_STATE (also a
 * second cancel), unknown is 404 NOT_FOUND, an unknown file name is 400 INVALID_ARGUMENT, another
 * ACTIVE session on the item is RESOURCE_BUSY, a lost optimistic-concurrency race is CONCURRENT_CHANGE.
 */
export const toVapiError = (error: ApplicationError): VapiError => {
  switch (error._tag) {
    case 'SessionNotFound':
      return notFound(
        error.sessionId === null
          ? 'The update session does not exist.'
          : `Update session ${error.sessionId} does not exist.`,
        error.sessionId === null ? [] : [error.sessionId],
      );
    case 'NotAllowedInCurrentState':
    case 'AlreadyCanceled':
      return vapiError(
        'NOT_ALLOWED_IN_CURRENT_STATE',
        'com.vmware.vdcs.cls-main.update_session_not_active',
        `The operation is not allowed: the update session is ${error.state}, not ACTIVE.`,
        [error.state],
      );
    case 'SessionAlreadyExists':
      return vapiError(
        'ALREADY_EXISTS',
        'com.vmware.vapi.std.errors.already_exists',
        describeUploadSessionError(error),
        [error.sessionId],
      );
    case 'FileNotFound':
      return invalidArgument(`File ${JSON.stringify(error.name)} is not part of the update session.`, [
        error.name,
      ]);
    case 'FileAlreadyExists':
      return invalidArgument(`File ${JSON.stringify(error.name)} is already part of the update session.`, [
        error.name,
      ]);
    case 'ContentMissing':
      return vapiError(
        'NOT_ALLOWED_IN_CURRENT_STATE',
        'com.vmware.vdcs.cls-main.update_session_files_missing',
        `Some files have not been received: ${error.names.join(', ')}.`,
        [...error.names],
      );
    case 'NoContent':
      return vapiError(
        'NOT_ALLOWED_IN_CURRENT_STATE',
        'com.vmware.vdcs.cls-main.update_session_no_files',
        'The update session has no files.',
      );
    case 'ContentInvalid':
      return vapiError(
        'NOT_ALLOWED_IN_CURRENT_STATE',
        'com.vmware.vdcs.cls-main.update_session_file_invalid',
        `File ${JSON.stringify(error.name)} was not received correctly: ${error.message}.`,
        [error.name, error.message],
      );
    case 'EtagMismatch':
    case 'InvalidArgument':
    case 'ProgressDecreased':
      return invalidArgument(describeUploadSessionError(error));
    case 'NotExpired':
      return vapiError(
        'NOT_ALLOWED_IN_CURRENT_STATE',
        'com.vmware.vdcs.cls-main.update_session_not_expired',
        describeUploadSessionError(error),
      );
    case 'LibraryNotFound':
      return notFound(`Library ${error.libraryId} does not exist.`, [error.libraryId]);
    case 'LibraryItemNotFound':
      return notFound(`Library item ${error.libraryItemId} does not exist.`, [error.libraryItemId]);
    case 'AlreadyCreated':
      return vapiError(
        'ALREADY_EXISTS',
        'com.vmware.vapi.std.errors.already_exists',
        `${error.id} already exists.`,
        [error.id],
      );
    case 'ItemNameTaken':
      return vapiError(
        'ALREADY_EXISTS',
        'com.vmware.vdcs.cls-main.duplicate_item_name',
        `A library item named ${JSON.stringify(error.name)} already exists in library ${error.libraryId}.`,
        [error.name, error.libraryId],
      );
    case 'ResourceBusy':
      return vapiError(
        'RESOURCE_BUSY',
        'com.vmware.vdcs.cls-main.update_session_already_active',
        `Library item ${error.libraryItemId} already has an active update session (${error.sessionId}).`,
        [error.libraryItemId, error.sessionId],
      );
    case 'TransferInProgress':
      return vapiError(
        'RESOURCE_BUSY',
        'com.vmware.vdcs.cls-main.transfer_in_progress',
        `File ${JSON.stringify(error.fileName)} is already being transferred.`,
        [error.fileName],
      );
    case 'Concurrency':
      return vapiError(
        'CONCURRENT_CHANGE',
        'com.vmware.vapi.std.errors.concurrent_change',
        'The resource was changed concurrently by another request; retry the operation.',
      );
    case 'StoreUnavailable':
    case 'CorruptStream':
    case 'StorageFailed':
      return vapiError(
        'SERVICE_UNAVAILABLE',
        'com.vmware.vapi.std.errors.service_unavailable',
        'The service cannot complete the request now; retry later.',
      );
    case 'TransferAborted':
      if (error.shutdown === true) {
        return vapiError(
          'SERVICE_UNAVAILABLE',
          'com.vmware.vapi.std.errors.service_unavailable',
          'The service is shutting down; upload the file again in a moment.',
        );
      }
      return vapiError(
        'NOT_ALLOWED_IN_CURRENT_STATE',
        'com.vmware.vdcs.cls-main.transfer_aborted',
        `The transfer was stopped: ${error.reason}.`,
        [error.reason],
      );
    case 'ContentTooLarge':
      return invalidArgument(`The file is larger than allowed (${error.limit} bytes).`, [
        String(error.limit),
      ]);
    case 'BadUploadToken':
      return vapiError(
        'UNAUTHENTICATED',
        'vapi.method.authentication.required',
        `The upload URI is not valid (${error.reason}).`,
      );
    case 'InvalidRequest':
      return invalidArgument(error.message);
    case 'Unsupported':
      return vapiError('UNSUPPORTED', 'com.vmware.vapi.std.errors.unsupported', error.message);
  }
};
