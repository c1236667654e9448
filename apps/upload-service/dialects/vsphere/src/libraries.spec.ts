import * as E from 'fp-ts/Either';
import { libraryNotFound } from '@upload-sessions/content-library';
import { DialectHttpError } from '@upload-sessions/service-core/http/dialect-http-error';
import { Libraries, supportedLocalLibrary } from './libraries';
import { CreateLibraryItemCommand } from './library/create-library-item/create-library-item.command';
import { CreateLocalLibraryCommand } from './library/create-local-library/create-local-library.command';
import {
  GetLibraryItemQuery,
  GetLocalLibraryQuery,
  ListLibraryItemsQuery,
  ListLocalLibrariesQuery,
} from './library/queries/library-queries';
import { acmeCaller as caller, recordingBus } from './test-support/recording-bus';

const LIBRARY = '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const ITEM = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('supportedLocalLibrary', () => {
  it('passes a spec with at most one storage backing through unchanged', () => {
    const spec = { name: 'isos', storage_backings: [{ type: 'OTHER' as const }] };
    expect(supportedLocalLibrary(spec)).toBe(spec);
    expect(supportedLocalLibrary({ name: 'isos' })).toEqual({ name: 'isos' });
  });

  it('refuses two storage backings as UNSUPPORTED', () => {
    let error: unknown;
    try {
      supportedLocalLibrary({ name: 'isos', storage_backings: [{}, {}] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DialectHttpError);
    expect((error as DialectHttpError).body).toMatchObject({
      error_type: 'UNSUPPORTED',
      messages: [{ default_message: 'Only one storage backing is supported.' }],
    });
  });
});

describe('Libraries', () => {
  it('creates a local library with a trimmed name and an empty description by default', async () => {
    const commands = recordingBus(E.right({ libraryId: LIBRARY }));
    const libraries = new Libraries(commands.bus, recordingBus().bus);
    await expect(libraries.createLocalLibrary(caller, { name: '  isos ' }, null)).resolves.toBe(LIBRARY);
    expect(commands.sent).toEqual([new CreateLocalLibraryCommand(caller.context, 'isos', '', null)]);
  });

  it('creates an item with a trimmed name, and an empty description and type by default', async () => {
    const commands = recordingBus(E.right({ libraryItemId: ITEM }), E.right({ libraryItemId: ITEM }));
    const libraries = new Libraries(commands.bus, recordingBus().bus);
    await libraries.createItem(caller, { library_id: LIBRARY, name: ' a.iso' }, 'token-1');
    await libraries.createItem(
      caller,
      { library_id: LIBRARY, name: 'b', description: 'd', type: 'iso' },
      null,
    );
    expect(commands.sent).toEqual([
      new CreateLibraryItemCommand(caller.context, LIBRARY, 'a.iso', '', '', 'token-1'),
      new CreateLibraryItemCommand(caller.context, LIBRARY, 'b', 'd', 'iso', null),
    ]);
  });

  it('asks the queries in the caller’s organization', async () => {
    const queries = recordingBus(
      E.right([LIBRARY]),
      E.right({ id: LIBRARY }),
      E.right([ITEM]),
      E.right({ id: ITEM }),
    );
    const libraries = new Libraries(recordingBus().bus, queries.bus);
    await expect(libraries.libraryIds(caller)).resolves.toEqual([LIBRARY]);
    await expect(libraries.library(caller, LIBRARY)).resolves.toEqual({ id: LIBRARY });
    await expect(libraries.itemIds(caller, LIBRARY)).resolves.toEqual([ITEM]);
    await expect(libraries.item(caller, ITEM)).resolves.toEqual({ id: ITEM });
    expect(queries.sent).toEqual([
      new ListLocalLibrariesQuery('acme'),
      new GetLocalLibraryQuery('acme', LIBRARY),
      new ListLibraryItemsQuery('acme', LIBRARY),
      new GetLibraryItemQuery('acme', ITEM),
    ]);
  });

  it('answers an unknown library as 404 NOT_FOUND', async () => {
    const libraries = new Libraries(recordingBus().bus, recordingBus(E.left(libraryNotFound(LIBRARY))).bus);
    await expect(libraries.library(caller, LIBRARY)).rejects.toMatchObject({
      status: 404,
      body: { error_type: 'NOT_FOUND' },
    });
  });
});
