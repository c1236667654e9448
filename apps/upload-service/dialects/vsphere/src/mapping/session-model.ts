import type { FileState, TransferInterruption, UploadSession } from '@upload-sessions/domain';
import type { UploadSessionView } from '@upload-sessions/read-side/session-queries/get-upload-session.query';

/** vSphere's update-session states; DELETED sessions are never shown (they are NOT_FOUND). */
const stateOf = (session: UploadSession): 'ACTIVE' | 'DONE' | 'ERROR' | 'CANCELED' =>
  session.status === 'DELETED' ? (session.statusBeforeDelete ?? 'CANCELED') : session.status;

const message = (id: string, text: string) => ({ id, default_message: text, args: [] as string[] });

/** ContentLibraryItemUpdateSessionModel. */
export const toUpdateSessionModel = ({ session }: UploadSessionView) => ({
  id: session.sessionId,
  library_item_id: session.target.kind === 'library-item' ? session.target.libraryItemId : '',
  library_item_content_version: session.target.kind === 'library-item' ? session.target.contentVersion : '',
  state: stateOf(session),
  expiration_time: session.expiresAt,
  client_progress: session.clientProgress,
  warning_behavior: session.warningBehavior.map((b) => ({ type: b.type, ignored: b.ignored })),
  preview_info: { state: 'NOT_APPLICABLE' },
  ...(session.errorMessage !== null
    ? { error_message: message('com.vmware.vdcs.cls-main.update_session_failed', session.errorMessage) }
    : {}),
});

/** What stopped a file's last transfer, as its `error_message` says it. */
const interruptionMessage = ({ bytesReceived, reason }: TransferInterruption): string => {
  const after = `after ${bytesReceived} bytes`;
  switch (reason) {
    case 'broken-off':
      return `The transfer broke off ${after}; PUT the file again.`;
    case 'too-large':
      return `The transfer was refused ${after}: more bytes than the declared or allowed size.`;
    case 'storage-failed':
      return `The service could not store the transfer ${after}; PUT the file again.`;
    case 'canceled':
      return `The transfer was stopped ${after}: the update session was canceled.`;
    case 'failed':
      return `The transfer was stopped ${after}: the update session failed.`;
    case 'expired':
      return `The transfer was stopped ${after}: the update session expired.`;
  }
};

/**
 * ContentLibraryItemUpdatesessionFileInfo; `uploadUri` is the signed PUT address of the file. A file
 * whose last transfer ended without content (and that has none) is ERROR with the bytes that had
 * arrived and what stopped them, instead of still waiting with 0 bytes.
 */
export const toFileInfo = (file: FileState, view: UploadSessionView, uploadUri: string | undefined) => {
  const inFlight = view.inFlight[file.name];
  const interrupted = file.received === null ? file.interruption : null;
  const status = inFlight !== undefined ? 'TRANSFERRING' : interrupted !== null ? 'ERROR' : file.status;
  const size = file.received?.size ?? file.declaredSize;
  const checksum = file.received?.checksum ?? file.declaredChecksum;
  const errorMessage =
    inFlight === undefined && interrupted !== null ? interruptionMessage(interrupted) : file.errorMessage;
  return {
    name: file.name,
    source_type: 'PUSH',
    bytes_transferred: inFlight ?? file.received?.size ?? interrupted?.bytesReceived ?? 0,
    status,
    ...(size !== null ? { size } : {}),
    ...(checksum !== null
      ? { checksum_info: { algorithm: checksum.algorithm, checksum: checksum.value } }
      : {}),
    ...(uploadUri !== undefined ? { upload_endpoint: { uri: uploadUri } } : {}),
    ...(errorMessage !== null
      ? {
          error_message: message(
            interrupted !== null
              ? 'com.vmware.vdcs.cls-main.file_transfer_interrupted'
              : 'com.vmware.vdcs.cls-main.file_validation_failed',
            errorMessage,
          ),
        }
      : {}),
    keep_in_storage: false,
  };
};

/** ContentLibraryItemUpdatesessionFileValidationResult. */
export const toValidationResult = ({ session }: UploadSessionView) => {
  const missing = session.files.filter((f) => f.received === null).map((f) => f.name);
  const invalid = session.files
    .filter((f) => f.status === 'ERROR')
    .map((f) => ({
      name: f.name,
      error_message: message(
        'com.vmware.vdcs.cls-main.file_validation_failed',
        f.errorMessage ?? 'invalid content',
      ),
    }));
  return {
    has_errors: missing.length > 0 || invalid.length > 0,
    missing_files: missing,
    invalid_files: invalid,
  };
};
