import type { Either } from 'fp-ts/Either';
import type { UploadSessionCommand } from './commands';
import { decide } from './decide';
import type { UploadSessionEvent } from './events';
import { evolve } from './evolve';
import type { UploadSessionError } from './upload-session-error';
import { initialState, type UploadSessionState } from './upload-session-state';

/**
 * An aggregate as three pure parts: the state before any event, how a command becomes events (or a
 * refusal), and how an event changes the state. The current state is a left fold of the stream.
 */
export interface Decider<C, E, S, Err> {
  readonly decide: (command: C, state: S) => Either<Err, readonly E[]>;
  readonly evolve: (state: S, event: E) => S;
  readonly initialState: S;
}

export const uploadSessionDecider: Decider<
  UploadSessionCommand,
  UploadSessionEvent,
  UploadSessionState,
  UploadSessionError
> = { decide, evolve, initialState };

/** Folds events with any decider's `evolve`, from `from` (default: its initial state). */
export const foldWith = <C, E, S, Err>(
  decider: Decider<C, E, S, Err>,
  events: readonly E[],
  from: S = decider.initialState,
): S => events.reduce((state, event) => decider.evolve(state, event), from);

/** The state of an upload session after its events. */
export const foldEvents = (
  events: readonly UploadSessionEvent[],
  from: UploadSessionState = initialState,
): UploadSessionState => foldWith(uploadSessionDecider, events, from);
