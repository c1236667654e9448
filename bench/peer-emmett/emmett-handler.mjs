// The domain's upload-session decider as an Emmett command handler: shared by the peer server and the
// store-growth diagnostic, so both measure the same handler.
import { DeciderCommandHandler } from '@event-driven-io/emmett';
import { decide, evolve, initialState } from '@upload-sessions/domain';

/** A command the decider refused (the server answers it 400). */
export class Refused extends Error {}

/** Emmett deciders throw to refuse; the domain returns Either. */
export const uploadSessionHandler = () =>
  DeciderCommandHandler({
    decide: (command, state) => {
      const decision = decide(command, state);
      if (decision._tag === 'Left') throw new Refused(decision.left._tag);
      return decision.right;
    },
    evolve,
    initialState: () => initialState,
    mapToStreamId: (sessionId) => `upload-session-${sessionId}`,
  });
