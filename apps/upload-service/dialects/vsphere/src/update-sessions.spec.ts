import type { CommandBus, QueryBus } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { notAllowedInCurrentState, sessionNotFound } from '@upload-sessions/domain';
import { DialectHttpError } from '@upload-sessions/service-core/http/dialect-http-error';
import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { DeleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/delete/delete-upload-session.command';
import { FailUploadSessionCommand } from '@upload-sessions/service-core/sessions/fail/fail-upload-session.command';
import { UpdateUploadSessionCommand } from '@upload-sessions/service-core/sessions/update/update-upload-session.command';
import { GetUploadSessionQuery } from '@upload-sessions/read-side/session-queries/get-upload-session.query';
import type { Authenticated } from './auth/authenticated';
import { ListUploadSessionsQuery } from './sessions/queries/list-upload-sessions.query';
import { StartUploadSessionCommand } from './sessions/start/start-upload-session.command';
import { UpdateSessions } from './update-sessions';

const caller: Authenticated = {
  principal: { username: 'alice', organizationId: 'acme' },
  context: {
    actor: { id: 'alice', kind: 'user' },
    organizationId: 'acme',
    correlationId: 'c',
    causationId: 'r',
  },
};
const ID = '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const ITEM = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** A bus that records what it is sent and answers each message with the next of `answers`. */
const bus = (...answers: unknown[]) => {
  const sent: unknown[] = [];
  const execute = (message: unknown) => {
    sent.push(message);
    return Promise.resolve(answers.shift());
  };
  return { sent, bus: { execute } as unknown as CommandBus & QueryBus };
};

/** What `work` threw, as a vAPI HTTP error. */
const thrown = async (work: Promise<unknown>): Promise<DialectHttpError> => {
  const error: unknown = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof DialectHttpError))
    throw new Error(`expected a DialectHttpError, got ${String(error)}`);
  return error;
};

describe('UpdateSessions', () => {
  it('starts a session with no warning behavior as an empty list, and answers its id', async () => {
    const commands = bus(E.right({ sessionId: ID, created: true }));
    const sessions = new UpdateSessions(commands.bus, bus().bus);
    await expect(sessions.start(caller, ITEM, 'token-1', undefined)).resolves.toBe(ID);
    expect(commands.sent).toEqual([new StartUploadSessionCommand(caller.context, ITEM, 'token-1', [])]);
  });

  it('lists the caller’s sessions, of one item or all', async () => {
    const queries = bus(E.right([ID]), E.right([]));
    const sessions = new UpdateSessions(bus().bus, queries.bus);
    await expect(sessions.list(caller, ITEM)).resolves.toEqual([ID]);
    await expect(sessions.list(caller, null)).resolves.toEqual([]);
    expect(queries.sent).toEqual([
      new ListUploadSessionsQuery(caller.principal, ITEM),
      new ListUploadSessionsQuery(caller.principal, null),
    ]);
  });

  it('answers an unknown session as 404 NOT_FOUND', async () => {
    const sessions = new UpdateSessions(
      bus().bus,
      bus(E.left(sessionNotFound('CancelUploadSession', ID))).bus,
    );
    const error = await thrown(sessions.get(caller, ID));
    expect([error.status, error.body]).toMatchObject([404, { error_type: 'NOT_FOUND' }]);
  });

  it('replaces the warning behavior when one is given', async () => {
    const commands = bus(E.right({}));
    const queries = bus();
    const sessions = new UpdateSessions(commands.bus, queries.bus);
    const behavior = [{ type: 'EXPIRED_CERTIFICATE', ignored: true }] as const;
    await sessions.update(caller, ID, behavior);
    expect(commands.sent).toEqual([new UpdateUploadSessionCommand(caller.context, ID, behavior)]);
    expect(queries.sent).toEqual([]);
  });

  it('with no warning behavior only checks that the session is ACTIVE', async () => {
    const commands = bus();
    const queries = bus(E.right({ session: { status: 'ACTIVE' } }), E.right({ session: { status: 'DONE' } }));
    const sessions = new UpdateSessions(commands.bus, queries.bus);
    await expect(sessions.update(caller, ID, undefined)).resolves.toBeUndefined();
    const error = await thrown(sessions.update(caller, ID, undefined));
    expect([error.status, error.body]).toMatchObject([
      400,
      { error_type: 'NOT_ALLOWED_IN_CURRENT_STATE', messages: [{ args: ['DONE'] }] },
    ]);
    expect(commands.sent).toEqual([]);
    expect(queries.sent).toEqual([
      new GetUploadSessionQuery('acme', ID),
      new GetUploadSessionQuery('acme', ID),
    ]);
  });

  it('deletes the session', async () => {
    const commands = bus(E.right({}));
    await new UpdateSessions(commands.bus, bus().bus).delete(caller, ID);
    expect(commands.sent).toEqual([new DeleteUploadSessionCommand(caller.context, ID)]);
  });

  it('runs a decoded action as its command and maps a refusal to its vAPI error', async () => {
    const commands = bus(E.right({}), E.left(notAllowedInCurrentState('CancelUploadSession', 'CANCELED')));
    const sessions = new UpdateSessions(commands.bus, bus().bus);
    await sessions.act(caller, ID, { action: 'fail', message: 'disk full' });
    const error = await thrown(sessions.act(caller, ID, { action: 'cancel' }));
    expect(error.status).toBe(400);
    expect(commands.sent).toEqual([
      new FailUploadSessionCommand(caller.context, ID, 'disk full'),
      new CancelUploadSessionCommand(caller.context, ID),
    ]);
  });
});
