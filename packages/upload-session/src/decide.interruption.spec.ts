import { uploadSessionDecider } from './decider';
import type { UploadSessionCanceled } from './events';
import { DeciderSpecification } from './testing/decider-specification';
import { at, cmd, declared, DISK, DISK_SHA, ev } from './test-support/fixtures';

const spec = DeciderSpecification.for(uploadSessionDecider);
const started = ev.started({ files: [declared(DISK, 10, DISK_SHA), declared('disk.ovf')] });

// A transfer that ends without content says so on its file: how many bytes had arrived and why.

describe('RecordTransferInterrupted', () => {
  it('records a broken-off transfer of an active session on its file', () => {
    const { state } = spec
      .given([started])
      .when(cmd.interrupted(DISK, 7, 'broken-off'))
      .then([ev.transferInterrupted(DISK, 7, 'broken-off')]);
    expect(state.status === 'ACTIVE' && state.files[0]).toMatchObject({
      status: 'WAITING_FOR_TRANSFER',
      received: null,
      interruption: { bytesReceived: 7, reason: 'broken-off', at: at(35) },
    });
  });

  it('refuses a file the session does not have, and sessions that ended', () => {
    spec.given([started]).when(cmd.interrupted('nope.iso')).thenFails('FileNotFound');
    spec
      .given([started, ev.canceled([])])
      .when(cmd.interrupted(DISK))
      .thenFails('NotAllowedInCurrentState');
  });

  it('is cleared by content received later', () => {
    const { state } = spec
      .given([started, ev.transferInterrupted(DISK, 7)])
      .when(cmd.recordContent(DISK))
      .then([ev.contentReceived(DISK)]);
    expect(state.status === 'ACTIVE' && state.files[0]).toMatchObject({
      status: 'READY',
      interruption: null,
    });
  });
});

describe('ending a session during transfers', () => {
  it('cancel records the transfers it stops, with their bytes; none for idle or unknown files', () => {
    const canceled: UploadSessionCanceled = {
      type: 'UploadSessionCanceled',
      data: {
        reason: 'client',
        contentToDelete: [],
        interruptedTransfers: [{ name: DISK, bytesReceived: 4 }],
        canceledAt: at(50),
      },
    };
    const { state } = spec
      .given([started])
      .when(
        cmd.cancel(at(50), [
          { name: DISK, bytesReceived: 4 },
          { name: 'disk.ovf', bytesReceived: 0 },
          { name: 'gone.iso', bytesReceived: 9 },
        ]),
      )
      .then([canceled]);
    expect(state.status === 'CANCELED' && state.files.map((f) => f.interruption)).toEqual([
      { bytesReceived: 4, reason: 'canceled', at: at(50) },
      null,
    ]);
  });

  it('fail and expiry record theirs with their own reason', () => {
    const failed = spec
      .given([started])
      .when({ ...cmd.fail('boom'), transfersInFlight: [{ name: DISK, bytesReceived: 3 }] });
    const afterFail = failed.then([
      {
        type: 'UploadSessionFailed',
        data: {
          message: 'boom',
          contentToDelete: [],
          interruptedTransfers: [{ name: DISK, bytesReceived: 3 }],
          failedAt: at(50),
        },
      },
    ]).state;
    expect(afterFail.status === 'ERROR' && afterFail.files[0]?.interruption?.reason).toBe('failed');

    const expired = spec
      .given([started])
      .when({ ...cmd.expire(at(301)), transfersInFlight: [{ name: 'disk.ovf', bytesReceived: 2 }] });
    const afterExpiry = expired.then([
      {
        type: 'UploadSessionCanceled',
        data: {
          reason: 'expired',
          contentToDelete: [],
          interruptedTransfers: [{ name: 'disk.ovf', bytesReceived: 2 }],
          canceledAt: at(301),
        },
      },
    ]).state;
    expect(afterExpiry.status === 'CANCELED' && afterExpiry.files[1]?.interruption).toEqual({
      bytesReceived: 2,
      reason: 'expired',
      at: at(301),
    });
  });
});
