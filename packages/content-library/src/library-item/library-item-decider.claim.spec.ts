import { DeciderSpecification } from '@upload-sessions/domain/testing';
import { ITEM, itemCommand as cmd, itemEvent as ev, at } from '../testing/fixtures';
import { libraryItemDecider } from './library-item-decider';

// One update session at a time per item. Whether the holder still keeps the item is read from its own
// stream by the application (`claimIsFree`); the item decides with that answer.
const spec = DeciderSpecification.for(libraryItemDecider);
const A = '1b7c9a52-7a3f-4a8e-9a34-0a6c5e1f2b01';
const B = '2c8d0b63-8b40-4b9f-8b45-1b7d6f203c12';

describe('ClaimLibraryItem: the one-active-session rule', () => {
  it('claims an item nobody holds', () => {
    const { state } = spec
      .given([ev.created()])
      .when(cmd.claim(A, false, 1))
      .then([ev.claimed(A, 1)]);
    expect(state).toMatchObject({ claimedBy: A, claimedAt: at(1) });
  });

  it('claims an unclaimed item whatever the application said about a holder', () => {
    spec
      .given([ev.created()])
      .when(cmd.claim(A, true, 1))
      .then([ev.claimed(A, 1)]);
  });

  it('refuses while another session holds it and is still active', () => {
    const error = spec
      .given([ev.created(), ev.claimed(A, 1)])
      .when(cmd.claim(B, false, 2))
      .thenFails('ResourceBusy');
    expect(error).toEqual({ _tag: 'ResourceBusy', libraryItemId: ITEM, sessionId: A });
  });

  it('takes the item over when the holder ended, was deleted, expired or never started (claim is free)', () => {
    const { state } = spec
      .given([ev.created(), ev.claimed(A, 1)])
      .when(cmd.claim(B, true, 40))
      .then([ev.claimed(B, 40)]);
    expect(state).toMatchObject({ claimedBy: B, claimedAt: at(40) });
  });

  it('takes over after the holder committed, once the application finds it ended', () => {
    spec
      .given([ev.created(), ev.claimed(A, 1), ev.committed(A, 2)])
      .when(cmd.claim(B, true, 3))
      .then([ev.claimed(B, 3)]);
    spec
      .given([ev.created(), ev.claimed(A, 1), ev.committed(A, 2)])
      .when(cmd.claim(B, false, 3))
      .thenFails('ResourceBusy');
  });

  it('is a no-op for the session that already holds it (a retried start)', () => {
    for (const claimIsFree of [true, false]) {
      const { state } = spec
        .given([ev.created(), ev.claimed(A, 1)])
        .when(cmd.claim(A, claimIsFree, 5))
        .thenNothing();
      expect(state).toMatchObject({ claimedBy: A, claimedAt: at(1) });
    }
  });

  it('a claim does not change the content or its version', () => {
    const { state } = spec
      .given([ev.created(), ev.committed(A, 2)])
      .when(cmd.claim(B, true, 3))
      .then([ev.claimed(B, 3)]);
    expect(state).toMatchObject({ contentVersion: 2, version: 2 });
  });

  it('answers not found for an item that does not exist', () => {
    spec.given([]).when(cmd.claim(A, true)).thenFails('LibraryItemNotFound');
  });
});
