import type { FileState, UploadSession } from '@upload-sessions/domain';
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

/** ContentLibraryItemUpdatesessionFileInfo; `uploadUri` is the signed PUT address of the file. */
export const toFileInfo = (file: FileState, view: UploadSessionView, uploadUri: string | undefined) => {
  const inFlight = view.inFlight[file.name];
  const status = inFlight !== undefined ? 'TRANSFERRING' : file.status;
  const size = file.received?.size ?? file.declaredSize;
  const checksum = file.received?.checksum ?? file.declaredChecksum;
  return {
    name: file.name,
    source_type: 'PUSH',
    bytes_transferred: inFlight ?? file.received?.size ?? 0,
    status,
    ...(size !== null ? { size } : {}),
    ...(checksum !== null
      ? { checksum_info: { algorithm: checksum.algorithm, checksum: checksum.value } }
      : {}),
    ...(uploadUri !== undefined ? { upload_endpoint: { uri: uploadUri } } : {}),
    ...(file.errorMessage !== null
      ? { error_message: message('com.vmware.vdcs.cls-main.file_validation_failed', file.errorMessage) }
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
