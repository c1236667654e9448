import * as E from 'fp-ts/Either';
import type { RecordedEvent } from '@upload-sessions/event-store';
import { bvFileCodec } from '@upload-sessions/dialect-blendvision/files/bv-file-codec';
import { libraryItemCodec, localLibraryCodec } from '@upload-sessions/dialect-vsphere/library/library-codecs';

const recorded = (type: string, data: Record<string, unknown>, metadata: Record<string, unknown>) =>
  ({ id: 'e-1', streamName: 's', revision: 0, type, data, metadata }) as unknown as RecordedEvent;

const claimed = { sessionId: '1b7c9a52-7a3f-4a8e-9a34-0a6c5e1f2b01', claimedAt: '2026-01-01T00:01:00.000Z' };

describe('versioned event codecs of the library and file aggregates', () => {
  it('read events stored with schema version 1 in their metadata, and events stored without one', () => {
    for (const metadata of [{ schemaVersion: 1 }, {}]) {
      expect(
        libraryItemCodec.decode(recorded('LibraryItemClaimedByUpdateSession', claimed, metadata)),
      ).toEqual(E.right({ type: 'LibraryItemClaimedByUpdateSession', data: claimed }));
    }
    const added = { libraryItemId: 'i-1', name: 'ubuntu', addedAt: '2026-01-01T00:00:00.000Z' };
    expect(localLibraryCodec.decode(recorded('LocalLibraryItemAdded', added, {}))).toEqual(
      E.right({ type: 'LocalLibraryItemAdded', data: added }),
    );
    const deleted = { deletedAt: '2026-01-01T00:00:00.000Z' };
    expect(bvFileCodec.decode(recorded('BvFileDeleted', deleted, { schemaVersion: 1 }))).toEqual(
      E.right({ type: 'BvFileDeleted', data: deleted }),
    );
  });

  it('write the stored type names at schema version 1', () => {
    expect(libraryItemCodec.encode({ type: 'LibraryItemClaimedByUpdateSession', data: claimed })).toEqual({
      type: 'LibraryItemClaimedByUpdateSession',
      schemaVersion: 1,
      data: claimed,
    });
  });

  it('say why an event cannot be read', () => {
    const newer = libraryItemCodec.decode(
      recorded('LibraryItemClaimedByUpdateSession', claimed, { schemaVersion: 2 }),
    );
    expect(newer).toEqual(E.left(expect.stringContaining('written by a newer release')));
    const bad = libraryItemCodec.decode(recorded('LibraryItemClaimedByUpdateSession', { sessionId: 1 }, {}));
    expect(bad).toEqual(E.left(expect.stringContaining('data.sessionId')));
  });
});
