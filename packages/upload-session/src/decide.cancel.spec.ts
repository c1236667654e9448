import { uploadSessionDecider } from './decider';
import { DeciderSpecification } from './testing/decider-specification';
import { at, cmd, declared, DISK, DISK_SHA, ev, history } from './test-support/fixtures';

const spec = DeciderSpecification.for(uploadSessionDecider);

describe('CancelUploadSession', () => {
  it('cancels an active session and names the received bytes to delete', () => {
    const given = [
      ev.started({ files: [declared(DISK, 10, DISK_SHA), declared('disk.ovf'), declared('disk.mf')] }),
      ev.contentReceived('disk.mf', { size: 1 }),
      ev.contentReceived(DISK),
    ];
    const { state } = spec
      .given(given)
      .when(cmd.cancel())
      .then([ev.canceled(['disk.vmdk', 'disk.mf'])]);
    expect(state).toMatchObject({ status: 'CANCELED', cancelReason: 'client', endedAt: at(50) });
  });

  it('cancels a session with nothing received: nothing to delete', () => {
    spec
      .given([ev.started()])
      .when(cmd.cancel())
      .then([ev.canceled([])]);
  });

  it('can never cancel a completed session', () => {
    const error = spec.given(history.DONE).when(cmd.cancel()).thenFails('NotAllowedInCurrentState');
    expect(error).toEqual({
      _tag: 'NotAllowedInCurrentState',
      command: 'CancelUploadSession',
      state: 'DONE',
    });
  });

  it('reports a second cancel as AlreadyCanceled, with the first reason', () => {
    const error = spec
      .given(history.CANCELED)
      .when(cmd.cancel(at(51)))
      .thenFails('AlreadyCanceled');
    expect(error).toEqual({
      _tag: 'AlreadyCanceled',
      command: 'CancelUploadSession',
      state: 'CANCELED',
      reason: 'client',
    });
  });

  it('reports a cancel of an expired session as AlreadyCanceled (expired)', () => {
    const expired = [...history.ACTIVE, ev.canceled([DISK], 'expired', at(300))];
    expect(
      spec
        .given(expired)
        .when(cmd.cancel(at(301)))
        .thenFails('AlreadyCanceled').reason,
    ).toBe('expired');
  });

  it('refuses to cancel a failed session', () => {
    expect(spec.given(history.ERROR).when(cmd.cancel()).thenFails('NotAllowedInCurrentState').state).toBe(
      'ERROR',
    );
  });
});

describe('ExpireUploadSession', () => {
  it('refuses before the expiry time', () => {
    const error = spec
      .given(history.ACTIVE)
      .when(cmd.expire(at(299)))
      .thenFails('NotExpired');
    expect(error).toEqual({ _tag: 'NotExpired', command: 'ExpireUploadSession', expiresAt: at(300) });
  });

  it('cancels with reason "expired" once the expiry time is reached', () => {
    const { state } = spec
      .given(history.ACTIVE)
      .when(cmd.expire(at(300)))
      .then([ev.canceled([DISK], 'expired', at(300))]);
    expect(state).toMatchObject({ status: 'CANCELED', cancelReason: 'expired' });
  });

  it('compares instants, not strings: an offset time before the expiry is not expired', () => {
    // 12:04:00+02:00 is 10:04:00Z, a minute before at(300) = 10:05:00Z.
    spec.given(history.ACTIVE).when(cmd.expire('2024-05-01T12:04:00+02:00')).thenFails('NotExpired');
  });

  it('honours a keep-alive that moved the expiry', () => {
    const error = spec
      .given([...history.ACTIVE, ev.keptAlive(null, at(900))])
      .when(cmd.expire(at(600)))
      .thenFails('NotExpired');
    expect(error.expiresAt).toBe(at(900));
  });

  it('refuses on a session that is not active', () => {
    expect(
      spec
        .given(history.DONE)
        .when(cmd.expire(at(999)))
        .thenFails('NotAllowedInCurrentState').state,
    ).toBe('DONE');
  });
});

describe('FailUploadSession', () => {
  it('fails the session with the client message and names the bytes to delete', () => {
    const { state } = spec
      .given(history.ACTIVE)
      .when(cmd.fail('disk full on the client'))
      .then([ev.failed([DISK], 'disk full on the client')]);
    expect(state).toMatchObject({ status: 'ERROR', errorMessage: 'disk full on the client' });
  });

  it('refuses on a session that is not active', () => {
    spec.given(history.CANCELED).when(cmd.fail()).thenFails('NotAllowedInCurrentState');
  });
});

describe('DeleteUploadSession', () => {
  it('refuses to delete an active session', () => {
    const error = spec.given(history.ACTIVE).when(cmd.delete()).thenFails('NotAllowedInCurrentState');
    expect(error.state).toBe('ACTIVE');
  });

  it.each(['DONE', 'ERROR', 'CANCELED'] as const)(
    'deletes a %s session, remembering how it ended',
    (status) => {
      const { state } = spec.given(history[status]).when(cmd.delete()).then([ev.deleted()]);
      expect(state).toMatchObject({ status: 'DELETED', statusBeforeDelete: status, deletedAt: at(900) });
    },
  );

  it('answers SessionNotFound for anything after the delete, a second delete included', () => {
    const error = spec
      .given(history.DELETED)
      .when(cmd.delete(at(901)))
      .thenFails('SessionNotFound');
    expect(error).toEqual({
      _tag: 'SessionNotFound',
      command: 'DeleteUploadSession',
      sessionId: 'sess-0001',
    });
  });
});
