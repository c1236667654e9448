import { isLeft } from 'fp-ts/Either';
import { UploadSessionEvent } from './events';
import {
  deserializeEvent,
  deserializeTrustedEvent,
  eventSchemaVersions,
  serializeEvent,
  upcasters,
  type UpcasterRegistry,
} from './event-serialization';
import { at, diskCompleted, DISK_SHA, ev } from './test-support/fixtures';

describe('serializeEvent', () => {
  it('writes the type, the current schema version and the plain data', () => {
    expect(serializeEvent(ev.canceled(['disk.vmdk'], 'expired'))).toEqual({
      type: 'UploadSessionCanceled',
      schemaVersion: 3,
      data: {
        reason: 'expired',
        contentToDelete: ['disk.vmdk'],
        interruptedTransfers: [],
        canceledAt: at(50),
      },
    });
    expect(serializeEvent(ev.deleted()).schemaVersion).toBe(1);
  });

  it('round-trips through JSON text', () => {
    const event = ev.completed([diskCompleted]);
    const stored = JSON.parse(JSON.stringify(serializeEvent(event)));
    expect(deserializeEvent(stored)).toEqual({ _tag: 'Right', right: event });
  });
});

describe('deserializeEvent', () => {
  it('upcasts a v1 UploadSessionCanceled (no contentToDelete) into the current shape', () => {
    const v1 = {
      type: 'UploadSessionCanceled',
      schemaVersion: 1,
      data: { reason: 'client', canceledAt: at(50) },
    };
    const result = deserializeEvent(v1);
    expect(result).toEqual({ _tag: 'Right', right: ev.canceled([], 'client', at(50)) });
    expect(isLeft(result) || UploadSessionEvent.is(result.right)).toBe(true);
  });

  it('upcasts a v2 UploadSessionCanceled and a v1 UploadSessionFailed: no transfer was recorded as stopped', () => {
    const canceled = deserializeEvent({
      type: 'UploadSessionCanceled',
      schemaVersion: 2,
      data: { reason: 'client', contentToDelete: ['disk.vmdk'], canceledAt: at(50) },
    });
    expect(canceled).toEqual({ _tag: 'Right', right: ev.canceled(['disk.vmdk'], 'client', at(50)) });
    const failed = deserializeEvent({
      type: 'UploadSessionFailed',
      schemaVersion: 1,
      data: { message: 'boom', contentToDelete: [], failedAt: at(50) },
    });
    expect(failed).toEqual({ _tag: 'Right', right: ev.failed([], 'boom', at(50)) });
  });

  it('leaves v1 data that already has the field alone', () => {
    const upcast = upcasters('UploadSessionCanceled', 1);
    expect(upcast?.({ reason: 'client', canceledAt: at(1), contentToDelete: ['a'] })).toEqual({
      reason: 'client',
      canceledAt: at(1),
      contentToDelete: ['a'],
    });
    expect(upcast?.('not an object')).toBe('not an object');
  });

  it('applies a chain of upcasters in order', () => {
    const steps: string[] = [];
    const registry: UpcasterRegistry = (type, from) =>
      type === 'UploadSessionCanceled' && from <= 2
        ? (data) => {
            steps.push(`${type} v${from}`);
            return upcasters(type, from)?.(data);
          }
        : undefined;
    const result = deserializeEvent(
      { type: 'UploadSessionCanceled', schemaVersion: 1, data: { reason: 'expired', canceledAt: at(9) } },
      registry,
    );
    expect(steps).toEqual(['UploadSessionCanceled v1', 'UploadSessionCanceled v2']);
    expect(result).toEqual({ _tag: 'Right', right: ev.canceled([], 'expired', at(9)) });
  });

  it('refuses an old version it has no upcaster for', () => {
    const result = deserializeEvent(
      { type: 'UploadSessionCanceled', schemaVersion: 1, data: { reason: 'client', canceledAt: at(0) } },
      () => undefined,
    );
    expect(result).toEqual({
      _tag: 'Left',
      left: {
        _tag: 'UnsupportedSchemaVersion',
        type: 'UploadSessionCanceled',
        schemaVersion: 1,
        currentVersion: 3,
        message: 'UploadSessionCanceled schema version 1: no upcaster from version 1 (current version is 3)',
      },
    });
  });

  it.each([
    [4, 'written by a newer release'],
    [0, 'not a version number'],
    [1.5, 'not a version number'],
  ])('refuses schema version %p (%s)', (schemaVersion, why) => {
    const result = deserializeEvent({ type: 'UploadSessionCanceled', schemaVersion, data: {} });
    expect(isLeft(result) && result.left).toMatchObject({
      _tag: 'UnsupportedSchemaVersion',
      message: expect.stringContaining(why),
    });
  });

  it('refuses an unknown type by name', () => {
    const result = deserializeEvent({ type: 'UploadSessionPaused', schemaVersion: 1, data: {} });
    expect(isLeft(result) && result.left._tag).toBe('UnknownEventType');
    expect(isLeft(result) && result.left.message).toMatch(
      /^unknown event type "UploadSessionPaused"; known: UploadSessionStarted, /,
    );
  });

  it('does not take inherited property names for event types', () => {
    const result = deserializeEvent({ type: 'toString', schemaVersion: 1, data: {} });
    expect(isLeft(result) && result.left._tag).toBe('UnknownEventType');
  });

  it('reports invalid data with the io-ts paths', () => {
    const result = deserializeEvent({
      type: 'UploadSessionKeptAlive',
      schemaVersion: 1,
      data: { expiresAt: 'soon', clientProgress: 150, keptAliveAt: at(1) },
    });
    expect(isLeft(result) && result.left).toMatchObject({
      _tag: 'InvalidEventData',
      errors: [
        'at data.expiresAt: expected IsoDateTime (ISO-8601 with zone), got "soon"',
        'at data.clientProgress: expected Percentage (integer 0..100), got 150',
        'at data.clientProgress: expected null, got 150',
      ],
    });
    expect(isLeft(result) && result.left.message).toMatch(
      /^invalid UploadSessionKeptAlive \(schema version 1\): at data\.expiresAt/,
    );
  });

  it('knows a schema version for every event type', () => {
    expect(Object.values(eventSchemaVersions).every((v) => Number.isInteger(v) && v >= 1)).toBe(true);
  });
});

describe('deserializeTrustedEvent', () => {
  // One event of every type, as the service writes them, then read back as JSON text.
  const written = [
    ev.started(),
    ev.fileAdded('disk.vmdk', { size: 10, checksum: DISK_SHA }),
    ev.fileRemoved('disk.vmdk', ['disk.vmdk']),
    ev.contentReceived('disk.vmdk'),
    ev.transferInterrupted('disk.vmdk', 5),
    ev.completed([diskCompleted]),
    ev.canceled(['disk.vmdk'], 'expired'),
    ev.failed([], 'boom'),
    ev.keptAlive(40),
    ev.warningBehaviorUpdated([]),
    ev.deleted(),
  ];

  it('gives what deserializeEvent gives for every event type the service writes', () => {
    expect(new Set(written.map((e) => e.type))).toEqual(new Set(Object.keys(eventSchemaVersions)));
    for (const event of written) {
      const stored = JSON.parse(JSON.stringify(serializeEvent(event)));
      expect(deserializeTrustedEvent(stored)).toEqual(deserializeEvent(stored));
      expect(deserializeTrustedEvent(stored)).toEqual({ _tag: 'Right', right: event });
    }
  });

  it('upcasts old schema versions exactly as deserializeEvent does', () => {
    const old = [
      { type: 'UploadSessionCanceled', schemaVersion: 1, data: { reason: 'client', canceledAt: at(50) } },
      {
        type: 'UploadSessionCanceled',
        schemaVersion: 2,
        data: { reason: 'client', contentToDelete: ['disk.vmdk'], canceledAt: at(50) },
      },
      {
        type: 'UploadSessionFailed',
        schemaVersion: 1,
        data: { message: 'boom', contentToDelete: [], failedAt: at(50) },
      },
    ];
    for (const stored of old) {
      const trusted = deserializeTrustedEvent(stored);
      expect(trusted).toEqual(deserializeEvent(stored));
      // Key order too: a read model stores what evolve builds from it as JSON text.
      expect(JSON.stringify(trusted)).toBe(JSON.stringify(deserializeEvent(stored)));
    }
    expect(deserializeTrustedEvent(old[0]!)).toEqual({
      _tag: 'Right',
      right: ev.canceled([], 'client', at(50)),
    });
  });

  it('still refuses unknown types, unsupported versions and data that is no object', () => {
    const refused = (stored: { type: string; schemaVersion: number; data: unknown }) => {
      const result = deserializeTrustedEvent(stored);
      return isLeft(result) ? result.left._tag : 'accepted';
    };
    expect(refused({ type: 'UploadSessionPaused', schemaVersion: 1, data: {} })).toBe('UnknownEventType');
    expect(refused({ type: 'toString', schemaVersion: 1, data: {} })).toBe('UnknownEventType');
    expect(refused({ type: 'UploadSessionCanceled', schemaVersion: 4, data: {} })).toBe(
      'UnsupportedSchemaVersion',
    );
    expect(refused({ type: 'UploadSessionDeleted', schemaVersion: 1, data: null })).toBe('InvalidEventData');
    expect(refused({ type: 'UploadSessionDeleted', schemaVersion: 1, data: ['x'] })).toBe('InvalidEventData');
    // What it does not check: the fields (the strict path reports them).
    expect(refused({ type: 'UploadSessionDeleted', schemaVersion: 1, data: { deletedAt: 'soon' } })).toBe(
      'accepted',
    );
  });
});
