import * as E from 'fp-ts/Either';
import type { UploadSession, UploadSessionState } from '@upload-sessions/domain';
import type { ApplicationError } from '../../application/application-error';
import type { SessionResult } from './session-runner';

/** The session as it is after a successful command. */
export const sessionAfter = (result: Awaited<SessionResult>): E.Either<ApplicationError, UploadSession> =>
  E.isLeft(result) ? result : E.right(asSession(result.right.after));

const asSession = (state: UploadSessionState): UploadSession => {
  // A command that succeeded on a visible session leaves a session (possibly DELETED) behind.
  if (state.status === 'NONE') throw new Error('a successful command left no session');
  return state;
};
