import type { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Authenticated } from '../auth/authenticated';

/** A caller of organization `acme`, for unit specs of what controllers call. */
export const acmeCaller: Authenticated = {
  principal: { username: 'alice', organizationId: 'acme' },
  context: {
    actor: { id: 'alice', kind: 'user' },
    organizationId: 'acme',
    correlationId: 'c',
    causationId: 'r',
  },
};

/**
 * A command or query bus for unit specs: records what it is sent (`sent`) and answers each message
 * with the next of `answers`, in order.
 */
export const recordingBus = (...answers: unknown[]) => {
  const sent: unknown[] = [];
  const execute = (message: unknown) => {
    sent.push(message);
    return Promise.resolve(answers.shift());
  };
  return { sent, bus: { execute } as unknown as CommandBus & QueryBus };
};
