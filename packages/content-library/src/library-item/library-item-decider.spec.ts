import { DeciderSpecification } from '@upload-sessions/domain/testing';
import { ITEM, LIBRARY, at, isoFile, itemCommand as cmd, itemEvent as ev } from '../testing/fixtures';
import { foldLibraryItem, libraryItemDecider } from './library-item-decider';

const spec = DeciderSpecification.for(libraryItemDecider);
const A = '1b7c9a52-7a3f-4a8e-9a34-0a6c5e1f2b01';
const B = '2c8d0b63-8b40-4b9f-8b45-1b7d6f203c12';

describe('CreateLibraryItem', () => {
  it('creates the empty item: content version 1, no files, unclaimed', () => {
    const { state } = spec
      .given([])
      .when(cmd.create(0))
      .then([ev.created(0)]);
    expect(state).toEqual({
      status: 'ACTIVE',
      id: ITEM,
      libraryId: LIBRARY,
      organizationId: 'acme',
      name: 'ubuntu',
      description: '',
      itemType: 'iso',
      clientToken: null,
      createdAt: at(0),
      updatedAt: at(0),
      contentVersion: 1,
      files: [],
      claimedBy: null,
      claimedAt: null,
      committed: {},
      version: 1,
    });
  });

  it('refuses a second create (a retried create with a client token finds it)', () => {
    for (const given of [[ev.created()], [ev.created(), ev.claimed(A), ev.committed(A, 2)]]) {
      expect(spec.given(given).when(cmd.create(5)).thenFails('AlreadyCreated')).toEqual({
        _tag: 'AlreadyCreated',
        id: ITEM,
      });
    }
  });
});

describe('CommitContent', () => {
  it("makes the session's files the next content version", () => {
    const files = [isoFile('a.iso', 1), isoFile('b.iso', 0)];
    const { state } = spec
      .given([ev.created(), ev.claimed(A, 1)])
      .when(cmd.commit(A, files, 7))
      .then([ev.committed(A, 2, files, 7)]);
    expect(state).toMatchObject({
      contentVersion: 2,
      files,
      committed: { [A]: 2 },
      updatedAt: at(7),
      version: 2,
      claimedBy: A,
    });
  });

  it('counts versions across sessions', () => {
    const { state } = spec
      .given([ev.created(), ev.claimed(A, 1), ev.committed(A, 2), ev.claimed(B, 3)])
      .when(cmd.commit(B, [], 4))
      .then([ev.committed(B, 3, [], 4)]);
    expect(state).toMatchObject({ contentVersion: 3, files: [], committed: { [A]: 2, [B]: 3 }, version: 3 });
  });

  it('is idempotent per session (the clean-up sweep may repeat an interrupted commit)', () => {
    const { state } = spec
      .given([ev.created(), ev.claimed(A, 1), ev.committed(A, 2)])
      .when(cmd.commit(A, [isoFile('other.iso')], 9))
      .thenNothing();
    expect(state).toMatchObject({ contentVersion: 2, committed: { [A]: 2 } });
  });

  it('needs no claim: the session was the holder when it started', () => {
    spec
      .given([ev.created()])
      .when(cmd.commit(A, [], 2))
      .then([ev.committed(A, 2, [], 2)]);
  });

  it('answers not found for an item that does not exist', () => {
    spec.given([]).when(cmd.commit(A)).thenFails('LibraryItemNotFound');
  });

  it('copies the files: the command may be reused by the caller', () => {
    const files = [isoFile()];
    const decided = libraryItemDecider.decide(cmd.commit(A, files), foldLibraryItem([ev.created()]));
    expect(decided._tag === 'Right' && decided.right[0]?.type === 'LibraryItemContentCommitted').toBe(true);
    if (decided._tag === 'Right' && decided.right[0]?.type === 'LibraryItemContentCommitted')
      expect(decided.right[0].data.files).not.toBe(files);
  });
});

describe('evolve', () => {
  it('ignores events that cannot apply (a corrupted stream never throws)', () => {
    const none = libraryItemDecider.initialState;
    expect(libraryItemDecider.evolve(none, ev.claimed(A))).toBe(none);
    expect(libraryItemDecider.evolve(none, ev.committed(A, 2))).toBe(none);
    const created = foldLibraryItem([ev.created()]);
    expect(libraryItemDecider.evolve(created, ev.created(9))).toBe(created);
  });
});
