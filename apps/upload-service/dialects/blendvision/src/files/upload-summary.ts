import type { UploadSessionState } from '@upload-sessions/domain';

/** What a file needs to know about its upload session: how it ended (if it did) and when. */
export interface UploadSummary {
  readonly state: 'NONE' | 'ACTIVE' | 'DONE' | 'CANCELED' | 'ERROR';
  readonly endedAt: string | null;
}

export const NO_UPLOAD: UploadSummary = { state: 'NONE', endedAt: null };

/** A deleted session keeps the outcome it had: a completed upload stays the file's content. */
export const summaryOfSession = (session: UploadSessionState): UploadSummary => {
  if (session.status === 'NONE') return NO_UPLOAD;
  const state = session.status === 'DELETED' ? (session.statusBeforeDelete ?? 'CANCELED') : session.status;
  return { state, endedAt: session.endedAt };
};

export type FileStatus = 'FILE_STATUS_SUCCEED' | 'FILE_STATUS_PROGRESSING' | 'FILE_STATUS_FAILED';

/**
 * `cms.v1.FileStatus` from the upload: in progress while it is ACTIVE, succeeded once completed, failed
 * when canceled (by the client or by expiry) or failed. No session (a create that crashed half-way) fails.
 */
export const fileStatusOf = (upload: UploadSummary): FileStatus => {
  switch (upload.state) {
    case 'ACTIVE':
      return 'FILE_STATUS_PROGRESSING';
    case 'DONE':
      return 'FILE_STATUS_SUCCEED';
    default:
      return 'FILE_STATUS_FAILED';
  }
};
