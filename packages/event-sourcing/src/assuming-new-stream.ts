import { appendDecision, CONFLICT, decideOn, type CommandRunner } from './command-runner';

/**
 * For a stream whose name was just made up from a random id: the first attempt decides on the initial
 * state without reading (the append's no_stream check still guards). Losing it counts as a lost race
 * and the inner runner reads as usual.
 */
export const assumingNewStream =
  (inner: CommandRunner): CommandRunner =>
  async (request) => {
    const basis = { state: request.decider.initialState, revision: 'no_stream' as const };
    const outcome = await appendDecision(request, basis, await decideOn(request, basis.state));
    if (outcome !== CONFLICT) return outcome;
    return inner({ ...request, attemptsMade: (request.attemptsMade ?? 0) + 1 });
  };
