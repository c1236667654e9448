import * as E from 'fp-ts/Either';
import type { ApplicationError } from '../../application/application-error';

/**
 * The cross-aggregate sequence of an upload, written once: a session and the dialect's target (a
 * library item, a file) are two aggregates, each changed in its own append, in this order.
 */

export interface StartSteps<Claim, Started> {
  /** Claims the target for the new session (expiring a stale holder on the way); left: not started. */
  readonly claimTarget: () => Promise<E.Either<ApplicationError, Claim>>;
  /** Starts the session on the claimed target. */
  readonly startSession: (claim: Claim) => Promise<E.Either<ApplicationError, Started>>;
}

/** Start = claim the target, then start the session on it. A refused claim starts nothing. */
export const startUpload = async <Claim, Started>(
  steps: StartSteps<Claim, Started>,
): Promise<E.Either<ApplicationError, Started>> => {
  const claimed = await steps.claimTarget();
  if (E.isLeft(claimed)) return claimed;
  return steps.startSession(claimed.right);
};

export interface CompleteSteps<Done> {
  /** Completes the session (the domain checks every file); left: nothing else happens. */
  readonly completeSession: () => Promise<E.Either<ApplicationError, Done>>;
  /** Commits the completed session's content to its target. */
  readonly commitContent: (done: Done) => Promise<unknown>;
}

/**
 * Complete = complete the session, then commit its content to the target. The session is DONE
 * whatever the commit answers: a failed commit is redone by the clean-up sweep, not undone.
 */
export const completeUpload = async <Done>(
  steps: CompleteSteps<Done>,
): Promise<E.Either<ApplicationError, Done>> => {
  const done = await steps.completeSession();
  if (E.isLeft(done)) return done;
  await steps.commitContent(done.right);
  return done;
};
