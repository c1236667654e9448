import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { CompleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/complete/complete-upload-session.command';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import { FailUploadSessionCommand } from '@upload-sessions/service-core/sessions/fail/fail-upload-session.command';
import { KeepAliveUploadSessionCommand } from '@upload-sessions/service-core/sessions/keep-alive/keep-alive-upload-session.command';
import { UPDATE_SESSION_ACTIONS, updateSessionActionCommand } from './update-session-action';

const context: CommandContext = {
  actor: { id: 'alice', kind: 'user' },
  organizationId: 'acme',
  correlationId: 'corr-1',
  causationId: 'request-1',
};
const ID = '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

describe('updateSessionActionCommand', () => {
  it('names the four actions both families accept, in the order their error messages list them', () => {
    expect(UPDATE_SESSION_ACTIONS).toEqual(['cancel', 'complete', 'fail', 'keep-alive']);
  });

  it('cancels and completes the session with the caller context', () => {
    const cancel = updateSessionActionCommand(context, ID, { action: 'cancel' });
    expect(cancel).toBeInstanceOf(CancelUploadSessionCommand);
    expect(cancel).toMatchObject({ context, sessionId: ID });
    const complete = updateSessionActionCommand(context, ID, { action: 'complete' });
    expect(complete).toBeInstanceOf(CompleteUploadSessionCommand);
    // vSphere completes with no BlendVision part list.
    expect(complete).toMatchObject({ context, sessionId: ID, parts: null });
  });

  it('fails the session with the decoded message', () => {
    const fail = updateSessionActionCommand(context, ID, { action: 'fail', message: 'disk full' });
    expect(fail).toBeInstanceOf(FailUploadSessionCommand);
    expect(fail).toMatchObject({ context, sessionId: ID, message: 'disk full' });
  });

  it('keeps the session alive with the decoded progress, or none', () => {
    const withProgress = updateSessionActionCommand(context, ID, { action: 'keep-alive', progress: 40 });
    expect(withProgress).toBeInstanceOf(KeepAliveUploadSessionCommand);
    expect(withProgress).toMatchObject({ context, sessionId: ID, clientProgress: 40 });
    expect(updateSessionActionCommand(context, ID, { action: 'keep-alive', progress: null })).toMatchObject({
      clientProgress: null,
    });
  });
});
