import { left, right, type Either } from 'fp-ts/Either';
import type { Decider } from '../decider';
import { DeciderSpecification, DeciderSpecificationError } from './decider-specification';

// A tiny counter decider, so the helper is checked apart from the upload-session rules.
type Command = { type: 'add'; amount: number } | { type: 'touch' };
type Event = { type: 'added'; amount: number };
type CounterError = { _tag: 'TooBig'; limit: number } | { _tag: 'Negative' };

const counter: Decider<Command, Event, number, CounterError> = {
  initialState: 0,
  evolve: (state, event) => state + event.amount,
  decide: (command, state): Either<CounterError, readonly Event[]> => {
    if (command.type === 'touch') return right([]);
    if (command.amount < 0) return left({ _tag: 'Negative' });
    if (state + command.amount > 10) return left({ _tag: 'TooBig', limit: 10 });
    return right([{ type: 'added', amount: command.amount }]);
  },
};

const spec = DeciderSpecification.for(counter);
const add = (amount: number): Command => ({ type: 'add', amount });
const added = (amount: number): Event => ({ type: 'added', amount });

const thrownBy = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the specification to throw');
};

describe('DeciderSpecification', () => {
  it('passes and returns the events and the state they lead to', () => {
    expect(
      spec
        .given([added(2), added(3)])
        .when(add(4))
        .then([added(4)]),
    ).toEqual({ events: [added(4)], state: 9 });
    expect(
      spec
        .given([added(1)])
        .when({ type: 'touch' })
        .thenNothing(),
    ).toEqual({ events: [], state: 1 });
  });

  it('returns the refusal, narrowed by its tag', () => {
    const error = spec
      .given([added(8)])
      .when(add(5))
      .thenFails('TooBig');
    expect(error.limit).toBe(10);
    expect(
      spec
        .given([])
        .when(add(-1))
        .thenFails((e) => e._tag === 'Negative'),
    ).toEqual({ _tag: 'Negative' });
  });

  it('throws with the first difference when the events differ', () => {
    const error = thrownBy(() =>
      spec
        .given([])
        .when(add(4))
        .then([added(5)]),
    );
    expect(error).toBeInstanceOf(DeciderSpecificationError);
    expect(error.message).toContain('Unexpected events');
    expect(error.message).toContain('First difference at $[0].amount:\n  expected: 5\n  actual:   4');
  });

  it('throws when there are more or fewer events than expected', () => {
    expect(thrownBy(() => spec.given([]).when(add(1)).then([])).message).toContain(
      'First difference at $[0]',
    );
    expect(thrownBy(() => spec.given([]).when(add(1)).thenNothing()).message).toContain('Expected no events');
  });

  it('throws when a refusal was expected but the command was accepted', () => {
    const error = thrownBy(() => spec.given([]).when(add(1)).thenFails('TooBig'));
    expect(error.message).toMatch(/^Expected a refusal \(TooBig\) but the command was accepted/);
    expect(error.message).toContain('"amount": 1');
  });

  it('throws when another refusal came', () => {
    const error = thrownBy(() => spec.given([]).when(add(-1)).thenFails('TooBig'));
    expect(error.message).toContain('but got another one');
    expect(error.message).toContain(
      'First difference at $._tag:\n  expected: "TooBig"\n  actual:   "Negative"',
    );
    expect(
      thrownBy(() =>
        spec
          .given([])
          .when(add(-1))
          .thenFails(() => false),
      ).message,
    ).toContain('matching the predicate');
  });

  it('throws when events were expected but the command was refused', () => {
    const error = thrownBy(() =>
      spec
        .given([added(10)])
        .when(add(1))
        .then([added(1)]),
    );
    expect(error.message).toContain('Expected events but the command was refused');
    expect(error.message).toContain('"_tag": "TooBig"');
  });
});
