import * as E from 'fp-ts/Either';
import { contextOf, startApplication, type Application } from '../application';
import { CreateLocalLibraryCommand } from '@upload-sessions/dialect-vsphere/library/create-local-library/create-local-library.command';
import { LibraryStreams } from '@upload-sessions/dialect-vsphere/library/library-streams';
import {
  GetLibraryItemQuery,
  ListLibraryItemsQuery,
} from '@upload-sessions/dialect-vsphere/library/queries/library-queries';
import { CreateLibraryItemCommand } from '@upload-sessions/dialect-vsphere/library/create-library-item/create-library-item.command';

describe('CreateLibraryItemHandler', () => {
  let app: Application;
  const acme = contextOf('acme');
  beforeEach(async () => {
    app = await startApplication();
  });
  afterEach(async () => app.close());

  it('creates an item at content version 1, unique by name within its library', async () => {
    const { libraryId } = app.unwrap(
      await app.commands.execute(new CreateLocalLibraryCommand(acme, 'lib', '', null)),
    );
    const { libraryItemId } = app.unwrap(
      await app.commands.execute(new CreateLibraryItemCommand(acme, libraryId, 'a.iso', 'desc', 'iso', null)),
    );
    const item = app.unwrap(await app.queries.execute(new GetLibraryItemQuery('acme', libraryItemId)));
    expect(item).toMatchObject({
      libraryId,
      name: 'a.iso',
      description: 'desc',
      itemType: 'iso',
      contentVersion: 1,
      files: [],
    });
    const duplicate = await app.commands.execute(
      new CreateLibraryItemCommand(acme, libraryId, 'a.iso', '', 'iso', null),
    );
    expect(duplicate).toEqual(E.left({ _tag: 'ItemNameTaken', libraryId, name: 'a.iso' }));
    expect(app.unwrap(await app.queries.execute(new ListLibraryItemsQuery('acme', libraryId)))).toEqual([
      libraryItemId,
    ]);
  });

  it('does not let a name left by an interrupted create block the name', async () => {
    const { libraryId } = app.unwrap(
      await app.commands.execute(new CreateLocalLibraryCommand(acme, 'lib', '', null)),
    );
    // The library recorded the item, then the service died before the item's own stream was written.
    await app.moduleRef.get(LibraryStreams).changeLibrary(libraryId, acme, () =>
      E.right({
        type: 'AddItem',
        libraryItemId: '11111111-1111-4111-8111-111111111111',
        name: 'b.iso',
        liveItemIds: new Set<string>(),
        now: app.now().toISOString(),
      }),
    );
    expect(app.unwrap(await app.queries.execute(new ListLibraryItemsQuery('acme', libraryId)))).toEqual([]);
    expect(
      E.isRight(
        await app.commands.execute(new CreateLibraryItemCommand(acme, libraryId, 'b.iso', '', 'iso', null)),
      ),
    ).toBe(true);
  });

  it("refuses another organization's library", async () => {
    const { libraryId } = app.unwrap(
      await app.commands.execute(new CreateLocalLibraryCommand(acme, 'lib', '', null)),
    );
    const result = await app.commands.execute(
      new CreateLibraryItemCommand(contextOf('other'), libraryId, 'x', '', '', null),
    );
    expect(E.isLeft(result) && result.left._tag).toBe('LibraryNotFound');
  });
});
