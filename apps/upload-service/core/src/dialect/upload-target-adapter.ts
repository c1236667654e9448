import type * as E from 'fp-ts/Either';
import type { UploadSession, UploadTarget } from '@upload-sessions/domain';
import type { ApplicationError } from '../application/application-error';
import type { CommandContext } from '../event-sourcing/command-context';

/**
 * The dialect's side of what an upload session fills: a dialect's entity (a vSphere library item, a BlendVision file). The
 * session use cases reach it only through this: on complete, the session's files become the target's
 * next content version.
 */
export interface UploadTargetAdapter {
  /** The session target kind it serves (`target.kind` of the session). */
  readonly kind: UploadTarget['kind'];
  /**
   * Records the completed session's files on the target and answers the content version they become
   * (undefined: nothing to place). The caller moves the bytes there.
   */
  commitContent(
    session: UploadSession,
    context: CommandContext,
  ): Promise<E.Either<ApplicationError, { readonly targetId: string; readonly version: number } | undefined>>;
}
