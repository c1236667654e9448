/** Refusals of the library aggregates (local libraries and their items). */
export type LibraryError =
  | { readonly _tag: 'LibraryNotFound'; readonly libraryId: string }
  | { readonly _tag: 'LibraryItemNotFound'; readonly libraryItemId: string }
  | { readonly _tag: 'AlreadyCreated'; readonly id: string }
  | { readonly _tag: 'ItemNameTaken'; readonly libraryId: string; readonly name: string }
  /** Another update session is ACTIVE on the item. */
  | { readonly _tag: 'ResourceBusy'; readonly libraryItemId: string; readonly sessionId: string };

export const libraryNotFound = (libraryId: string): LibraryError => ({ _tag: 'LibraryNotFound', libraryId });
export const libraryItemNotFound = (libraryItemId: string): LibraryError => ({
  _tag: 'LibraryItemNotFound',
  libraryItemId,
});
