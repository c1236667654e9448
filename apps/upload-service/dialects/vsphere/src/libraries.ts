import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { LibraryItem, LocalLibrary } from '@upload-sessions/content-library';
import type { Authenticated } from './auth/authenticated';
import type { ItemCreate, LocalLibraryCreate } from './codecs/vsphere-codecs';
import { vapiError } from './errors/vapi-error';
import { vapiHttpError } from './errors/vapi-error-renderer';
import { CreateLibraryItemCommand } from './library/create-library-item/create-library-item.command';
import { CreateLocalLibraryCommand } from './library/create-local-library/create-local-library.command';
import {
  GetLibraryItemQuery,
  GetLocalLibraryQuery,
  ListLibraryItemsQuery,
  ListLocalLibrariesQuery,
} from './library/queries/library-queries';
import { orThrow } from './vsphere-responses';

/**
 * A decoded library spec this service can create, or UNSUPPORTED: libraries here have one storage
 * backing. Each family checks it right after decoding its body (before `/api` reads its query).
 */
export const supportedLocalLibrary = <S extends LocalLibraryCreate>(spec: S): S => {
  if ((spec.storage_backings ?? []).length > 1) {
    throw vapiHttpError(
      vapiError(
        'UNSUPPORTED',
        'com.vmware.vapi.std.errors.unsupported',
        'Only one storage backing is supported.',
      ),
    );
  }
  return spec;
};

/**
 * Local libraries and library items as both vSphere path families (`/api` and the legacy `/rest`)
 * serve them, once each family has decoded its request: one command or query each. Errors are thrown
 * as vAPI errors; each family's filter gives them its shape.
 */
@Injectable()
export class Libraries {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  /** The new library's id (the one made before, on a retried token). */
  async createLocalLibrary(
    caller: Authenticated,
    spec: LocalLibraryCreate,
    clientToken: string | null,
  ): Promise<string> {
    const created = orThrow(
      await this.commands.execute(
        new CreateLocalLibraryCommand(caller.context, spec.name.trim(), spec.description ?? '', clientToken),
      ),
    );
    return created.libraryId;
  }

  /** The new item's id (the one made before, on a retried token). */
  async createItem(caller: Authenticated, spec: ItemCreate, clientToken: string | null): Promise<string> {
    const created = orThrow(
      await this.commands.execute(
        new CreateLibraryItemCommand(
          caller.context,
          spec.library_id,
          spec.name.trim(),
          spec.description ?? '',
          spec.type ?? '',
          clientToken,
        ),
      ),
    );
    return created.libraryItemId;
  }

  /** The ids of the caller's organization's libraries (only local ones exist here). */
  async libraryIds(caller: Authenticated): Promise<readonly string[]> {
    return orThrow(await this.queries.execute(new ListLocalLibrariesQuery(caller.principal.organizationId)));
  }

  async library(caller: Authenticated, libraryId: string): Promise<LocalLibrary> {
    return orThrow(
      await this.queries.execute(new GetLocalLibraryQuery(caller.principal.organizationId, libraryId)),
    );
  }

  /** The ids of one library's items. */
  async itemIds(caller: Authenticated, libraryId: string): Promise<readonly string[]> {
    return orThrow(
      await this.queries.execute(new ListLibraryItemsQuery(caller.principal.organizationId, libraryId)),
    );
  }

  async item(caller: Authenticated, itemId: string): Promise<LibraryItem> {
    return orThrow(
      await this.queries.execute(new GetLibraryItemQuery(caller.principal.organizationId, itemId)),
    );
  }
}
