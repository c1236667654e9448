import { isLeft, isRight } from 'fp-ts/Either';
import { BvFileCommand } from './bv-file-commands';
import { BV_FILE_EVENT_TYPES, bvFileEvents } from './bv-file-events';
import { FILE, UPLOAD, createFile, fileEvent as ev } from './testing/fixtures';

// What the service stored before this package existed (schema version 1), byte for byte.
const storedV1 = [
  {
    type: 'BvFileCreated',
    schemaVersion: 1,
    data: {
      fileId: FILE,
      organizationId: 'acme',
      uploadId: UPLOAD,
      fileType: 'FILE_TYPE_IMAGE',
      source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
      name: 'cat picture.png',
      size: 0,
      partSize: 5242880,
      attrs: {},
      metadata: { shortDescription: '', longDescription: '', labels: [] },
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  },
  {
    type: 'BvFileUpdated',
    schemaVersion: 1,
    data: {
      name: 'b.png',
      metadata: { shortDescription: 's', longDescription: 'l', labels: ['a', 'b'] },
      updatedAt: '2026-01-02T00:00:00.000Z',
    },
  },
  { type: 'BvFileDeleted', schemaVersion: 1, data: { deletedAt: '2026-01-03T00:00:00.000Z' } },
];

describe('BlendVision file events', () => {
  it('reads every event already stored (schema version 1) as the current shape', () => {
    for (const stored of storedV1) {
      expect(bvFileEvents.deserialize(stored)).toEqual({
        _tag: 'Right',
        right: { type: stored.type, data: stored.data },
      });
    }
  });

  it('keeps the stored type names at schema version 1', () => {
    expect(Object.keys(bvFileEvents.schemaVersions)).toEqual(BV_FILE_EVENT_TYPES);
    for (const event of [ev.created(), ev.updated('x'), ev.deleted()]) {
      expect(bvFileEvents.serialize(event)).toEqual({ type: event.type, schemaVersion: 1, data: event.data });
    }
  });

  it('refuses data it cannot read, saying where', () => {
    const bad = bvFileEvents.deserialize({
      type: 'BvFileCreated',
      schemaVersion: 1,
      data: { ...storedV1[0]!.data, size: -1, attrs: { k: 1 } },
    });
    expect(bad._tag === 'Left' && bad.left.message).toContain('data.size');
    expect(bad._tag === 'Left' && bad.left.message).toContain('data.attrs.k');
    expect(isLeft(bvFileEvents.deserialize({ ...storedV1[2]!, schemaVersion: 0 }))).toBe(true);
  });
});

describe('BlendVision file command codecs', () => {
  it('accept what the application builds and refuse malformed commands', () => {
    expect(isRight(BvFileCommand.decode(createFile))).toBe(true);
    expect(isRight(BvFileCommand.decode({ type: 'DeleteBvFile', fileId: FILE, now: createFile.now }))).toBe(
      true,
    );
    expect(isLeft(BvFileCommand.decode({ ...createFile, size: 1.5 }))).toBe(true);
    expect(isLeft(BvFileCommand.decode({ ...createFile, fileId: '../x' }))).toBe(true);
    expect(
      isLeft(BvFileCommand.decode({ type: 'UpdateBvFile', fileId: FILE, name: 'x', now: createFile.now })),
    ).toBe(true);
  });
});
