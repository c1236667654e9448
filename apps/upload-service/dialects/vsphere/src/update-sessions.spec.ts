import * as E from 'fp-ts/Either';
import { notAllowedInCurrentState, sessionNotFound } from '@upload-sessions/domain';
import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { DeleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/delete/delete-upload-session.command';
import { FailUploadSessionCommand } from '@upload-sessions/service-core/sessions/fail/fail-upload-session.command';
import { UpdateUploadSessionCommand } from '@upload-sessions/service-core/sessions/update/update-upload-session.command';
import { GetUploadSessionQuery } from '@upload-sessions/read-side/session-queries/get-upload-session.query';
import { ListUploadSessionsQuery } from './sessions/queries/list-upload-sessions.query';
import { StartUploadSessionCommand } from './sessions/start/start-upload-session.command';
import { UpdateSessions } from './update-sessions';
import { acmeCaller as caller, recordingBus } from './test-support/recording-bus';

const ID = '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const ITEM = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('UpdateSessions', () => {
  it('starts a session with no warning behavior as an empty list, and answers its id', async () => {
    const commands = recordingBus(E.right({ sessionId: ID, created: true }));
    const sessions = new UpdateSessions(commands.bus, recordingBus().bus);
    await expect(sessions.start(caller, ITEM, 'token-1', undefined)).resolves.toBe(ID);
    expect(commands.sent).toEqual([new StartUploadSessionCommand(caller.context, ITEM, 'token-1', [])]);
  });

  it('lists the caller’s sessions, of one item or all', async () => {
    const queries = recordingBus(E.right([ID]), E.right([]));
    const sessions = new UpdateSessions(recordingBus().bus, queries.bus);
    await expect(sessions.list(caller, ITEM)).resolves.toEqual([ID]);
    await expect(sessions.list(caller, null)).resolves.toEqual([]);
    expect(queries.sent).toEqual([
      new ListUploadSessionsQuery(caller.principal, ITEM),
      new ListUploadSessionsQuery(caller.principal, null),
    ]);
  });

  it('answers an unknown session as 404 NOT_FOUND', async () => {
    const sessions = new UpdateSessions(
      recordingBus().bus,
      recordingBus(E.left(sessionNotFound('CancelUploadSession', ID))).bus,
    );
    await expect(sessions.get(caller, ID)).rejects.toMatchObject({
      status: 404,
      body: { error_type: 'NOT_FOUND' },
    });
  });

  it('replaces the warning behavior when one is given', async () => {
    const commands = recordingBus(E.right({}));
    const queries = recordingBus();
    const sessions = new UpdateSessions(commands.bus, queries.bus);
    const behavior = [{ type: 'EXPIRED_CERTIFICATE', ignored: true }] as const;
    await sessions.update(caller, ID, behavior);
    expect(commands.sent).toEqual([new UpdateUploadSessionCommand(caller.context, ID, behavior)]);
    expect(queries.sent).toEqual([]);
  });

  it('with no warning behavior only checks that the session is ACTIVE', async () => {
    const commands = recordingBus();
    const queries = recordingBus(
      E.right({ session: { status: 'ACTIVE' } }),
      E.right({ session: { status: 'DONE' } }),
    );
    const sessions = new UpdateSessions(commands.bus, queries.bus);
    await expect(sessions.update(caller, ID, undefined)).resolves.toBeUndefined();
    await expect(sessions.update(caller, ID, undefined)).rejects.toMatchObject({
      status: 400,
      body: { error_type: 'NOT_ALLOWED_IN_CURRENT_STATE', messages: [{ args: ['DONE'] }] },
    });
    expect(commands.sent).toEqual([]);
    expect(queries.sent).toEqual([
      new GetUploadSessionQuery('acme', ID),
      new GetUploadSessionQuery('acme', ID),
    ]);
  });

  it('deletes the session', async () => {
    const commands = recordingBus(E.right({}));
    await new UpdateSessions(commands.bus, recordingBus().bus).delete(caller, ID);
    expect(commands.sent).toEqual([new DeleteUploadSessionCommand(caller.context, ID)]);
  });

  it('runs a decoded action as its command and maps a refusal to its vAPI error', async () => {
    const commands = recordingBus(
      E.right({}),
      E.left(notAllowedInCurrentState('CancelUploadSession', 'CANCELED')),
    );
    const sessions = new UpdateSessions(commands.bus, recordingBus().bus);
    await sessions.act(caller, ID, { action: 'fail', message: 'disk full' });
    await expect(sessions.act(caller, ID, { action: 'cancel' })).rejects.toMatchObject({
      status: 400,
      body: { error_type: 'NOT_ALLOWED_IN_CURRENT_STATE', messages: [{ args: ['CANCELED'] }] },
    });
    expect(commands.sent).toEqual([
      new FailUploadSessionCommand(caller.context, ID, 'disk full'),
      new CancelUploadSessionCommand(caller.context, ID),
    ]);
  });
});
