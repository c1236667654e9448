import { isLeft, isRight } from 'fp-ts/Either';
import { itemCommand, libraryCommand } from './testing/fixtures';
import { LibraryItemCommand } from './library-item/library-item-commands';
import { LocalLibraryCommand } from './local-library/local-library-commands';

describe('command codecs', () => {
  it('accept the commands the application builds', () => {
    const A = '1b7c9a52-7a3f-4a8e-9a34-0a6c5e1f2b01';
    for (const command of [itemCommand.create(), itemCommand.claim(A, true), itemCommand.commit(A)]) {
      expect(isRight(LibraryItemCommand.decode(command))).toBe(true);
    }
    for (const command of [libraryCommand.create(), libraryCommand.addItem(A, 'x', [A])]) {
      expect(isRight(LocalLibraryCommand.decode(command))).toBe(true);
    }
  });

  it('refuse malformed ones', () => {
    const claim = itemCommand.claim('s1', true);
    expect(isLeft(LibraryItemCommand.decode({ ...claim, sessionId: '../etc' }))).toBe(true);
    expect(isLeft(LibraryItemCommand.decode({ ...claim, now: 'now' }))).toBe(true);
    expect(isLeft(LibraryItemCommand.decode({ ...claim, claimIsFree: 'yes' }))).toBe(true);
    expect(isLeft(LibraryItemCommand.decode({ ...itemCommand.commit('s1'), files: [{ name: 'a' }] }))).toBe(
      true,
    );
    const add = libraryCommand.addItem('i1', 'x');
    expect(isLeft(LocalLibraryCommand.decode({ ...add, liveItemIds: ['i1'] }))).toBe(true);
    expect(isLeft(LocalLibraryCommand.decode({ ...add, liveItemIds: new Set(['a b']) }))).toBe(true);
    expect(isLeft(LocalLibraryCommand.decode({ ...add, type: 'RemoveItem' }))).toBe(true);
  });
});
