import { isLeft } from 'fp-ts/Either';
import { UploadSessionEvent, uploadSessionEventTypes } from './events';
import { formatValidationErrors } from './format-validation-errors';
import { diskCompleted, ev } from './test-support/fixtures';

const examples = [
  ev.started({ clientToken: 'tok' }),
  ev.fileAdded('disk.ovf', { size: 3 }),
  ev.fileRemoved('disk.ovf', ['disk.ovf']),
  ev.contentReceived('disk.vmdk'),
  ev.transferInterrupted('disk.vmdk', 512),
  ev.completed([diskCompleted]),
  ev.canceled(['disk.vmdk'], 'expired'),
  ev.failed([], 'boom'),
  ev.keptAlive(10),
  ev.warningBehaviorUpdated([{ type: 'EXPIRED_CERTIFICATE', ignored: true }]),
  ev.deleted(),
];

describe('UploadSessionEvent codec', () => {
  it('has an example for every event type', () => {
    expect(examples.map((e) => e.type).sort()).toEqual([...uploadSessionEventTypes].sort());
  });

  it.each(examples.map((e) => [e.type, e] as const))('decodes a valid %s to itself', (_type, event) => {
    expect(UploadSessionEvent.decode(JSON.parse(JSON.stringify(event)))).toEqual({
      _tag: 'Right',
      right: event,
    });
    expect(UploadSessionEvent.encode(event)).toEqual(event);
  });

  it('refuses bad data with a readable message', () => {
    const result = UploadSessionEvent.decode({
      type: 'UploadSessionCanceled',
      data: {
        reason: 'bored',
        contentToDelete: ['a/b'],
        interruptedTransfers: [],
        canceledAt: '2024-05-01T10:00:00Z',
      },
    });
    expect(isLeft(result) && formatValidationErrors(result.left)).toEqual([
      'at data.reason: expected CancelReason, got "bored"',
      expect.stringMatching(/^at data\.contentToDelete\[0\]: expected FileName .*, got "a\/b"$/),
    ]);
  });

  it('refuses an event without data', () => {
    const result = UploadSessionEvent.decode({ type: 'UploadSessionDeleted' });
    expect(isLeft(result) && formatValidationErrors(result.left)).toEqual([
      'at data: expected UploadSessionDeleted.data, got nothing',
    ]);
  });
});
