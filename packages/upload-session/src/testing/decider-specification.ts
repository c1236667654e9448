import type { Decider } from '../decider';
import { firstDifference, show } from './first-difference';

type TagOf<Err> = Err extends { readonly _tag: infer T extends string } ? T : never;

/** The outcome of a `when`: the events and the state they lead to, for further assertions. */
export interface Outcome<E, S> {
  readonly events: readonly E[];
  readonly state: S;
}

export interface WhenStep<E, S, Err> {
  /** Asserts the exact events; returns them and the state after them. */
  then(expected: readonly E[]): Outcome<E, S>;
  /** Asserts a refusal with this `_tag` (or one the predicate accepts); returns the error. */
  thenFails<T extends TagOf<Err>>(tag: T): Extract<Err, { readonly _tag: T }>;
  thenFails(predicate: (error: Err) => boolean): Err;
  /** Asserts that the command is accepted but changes nothing. */
  thenNothing(): Outcome<E, S>;
}

export interface GivenStep<C, E, S, Err> {
  when(command: C): WhenStep<E, S, Err>;
}

export interface DeciderSpecificationFor<C, E, S, Err> {
  given(events: readonly E[]): GivenStep<C, E, S, Err>;
}

export class DeciderSpecificationError extends Error {
  override readonly name = 'DeciderSpecificationError';
}

const fail = (headline: string, expected: unknown, actual: unknown): never => {
  const difference = firstDifference(expected, actual);
  const where =
    difference === null
      ? ''
      : `\nFirst difference at ${difference.path}:\n  expected: ${JSON.stringify(difference.expected)}\n  actual:   ${JSON.stringify(difference.actual)}`;
  throw new DeciderSpecificationError(
    `${headline}${where}\nExpected:\n${show(expected)}\nActual:\n${show(actual)}`,
  );
};

/**
 * Given/when/then for any decider, without a test framework: each `then…` throws a
 * `DeciderSpecificationError` describing the difference, and returns what it checked.
 *
 *   DeciderSpecification.for(uploadSessionDecider).given([started]).when(cancel).then([canceled]);
 */
export const DeciderSpecification = {
  for: <C, E, S, Err>(decider: Decider<C, E, S, Err>): DeciderSpecificationFor<C, E, S, Err> => ({
    given: (given) => ({
      when: (command) => {
        const before = given.reduce((state, event) => decider.evolve(state, event), decider.initialState);
        const decision = decider.decide(command, before);
        const accepted = (headline: string, expected: readonly E[]): readonly E[] =>
          decision._tag === 'Right' ? decision.right : fail(headline, expected, { refused: decision.left });
        const outcome = (events: readonly E[]): Outcome<E, S> => ({
          events,
          state: events.reduce((state, event) => decider.evolve(state, event), before),
        });
        const thenFails = (expected: string | ((error: Err) => boolean)): Err => {
          if (decision._tag === 'Right') {
            const wanted =
              typeof expected === 'string' ? { _tag: expected } : 'a refusal matching the predicate';
            return fail(`Expected a refusal (${describe(expected)}) but the command was accepted`, wanted, {
              events: decision.right,
            });
          }
          const error = decision.left;
          const matches =
            typeof expected === 'string' ? (error as { _tag?: unknown })._tag === expected : expected(error);
          if (!matches) {
            const wanted =
              typeof expected === 'string' ? { _tag: expected } : 'a refusal matching the predicate';
            return fail(`Expected a refusal (${describe(expected)}) but got another one`, wanted, error);
          }
          return error;
        };
        return {
          then: (expected) => {
            const events = accepted('Expected events but the command was refused', expected);
            if (firstDifference(expected, events) !== null) fail('Unexpected events', expected, events);
            return outcome(events);
          },
          thenFails: thenFails as WhenStep<E, S, Err>['thenFails'],
          thenNothing: () => {
            const events = accepted('Expected no events but the command was refused', []);
            if (events.length > 0) fail('Expected no events', [], events);
            return outcome(events);
          },
        };
      },
    }),
  }),
};

const describe = (expected: string | ((error: never) => boolean)): string =>
  typeof expected === 'string' ? expected : 'matching the predicate';
