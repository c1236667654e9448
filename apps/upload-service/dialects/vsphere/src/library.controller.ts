import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type * as t from 'io-ts';
import { CreateLibraryItemCommand } from './library/create-library-item/create-library-item.command';
import { CreateLocalLibraryCommand } from './library/create-local-library/create-local-library.command';
import {
  GetLibraryItemQuery,
  GetLocalLibraryQuery,
  ListLibraryItemsQuery,
  ListLocalLibrariesQuery,
} from './library/queries/library-queries';
import { Caller, type Authenticated } from './auth/authenticated';
import { VsphereAuthGuard } from './auth/vsphere-auth.guard';
import { decode } from './codecs/decode';
import { ClientTokenParam, ItemCreate, LocalLibraryCreate, ResourceId } from './codecs/vsphere-codecs';
import { vapiError } from './errors/vapi-error';
import { vapiHttpError } from './errors/vapi-error-renderer';
import { toItemModel, toLibraryModel } from './mapping/library-model';
import { jsonString, orThrow, validOrThrow } from './vsphere-responses';

const idParam = (value: unknown, what: string): string => validOrThrow(decode(ResourceId, value, what));
const optional = <A>(codec: t.Decoder<unknown, A>, value: unknown, what: string): A | null =>
  value === undefined ? null : validOrThrow(decode(codec, value, what));

/** Local libraries and library items: enough of them to be the targets of update sessions. */
@Controller('api/content')
@UseGuards(VsphereAuthGuard)
export class LibraryController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post('local-library')
  @HttpCode(201)
  @Header('Content-Type', 'application/json')
  async createLocalLibrary(
    @Caller() caller: Authenticated,
    @Body() body: unknown,
    @Query('client_token') clientToken: unknown,
  ) {
    const spec = validOrThrow(decode(LocalLibraryCreate, body, 'request body'));
    if ((spec.storage_backings ?? []).length > 1) {
      throw vapiHttpError(
        vapiError(
          'UNSUPPORTED',
          'com.vmware.vapi.std.errors.unsupported',
          'Only one storage backing is supported.',
        ),
      );
    }
    const token = optional(ClientTokenParam, clientToken, 'client_token');
    const created = orThrow(
      await this.commands.execute(
        new CreateLocalLibraryCommand(caller.context, spec.name.trim(), spec.description ?? '', token),
      ),
    );
    return jsonString(created.libraryId);
  }

  @Get('local-library')
  async listLocalLibraries(@Caller() caller: Authenticated) {
    return orThrow(await this.queries.execute(new ListLocalLibrariesQuery(caller.principal.organizationId)));
  }

  @Get('local-library/:library_id')
  async getLocalLibrary(@Caller() caller: Authenticated, @Param('library_id') id: string) {
    const libraryId = idParam(id, 'library_id');
    return toLibraryModel(
      orThrow(
        await this.queries.execute(new GetLocalLibraryQuery(caller.principal.organizationId, libraryId)),
      ),
    );
  }

  /** All libraries of the caller's organization (only local ones exist here). */
  @Get('library')
  async listLibraries(@Caller() caller: Authenticated) {
    return orThrow(await this.queries.execute(new ListLocalLibrariesQuery(caller.principal.organizationId)));
  }

  @Get('library/:library_id')
  async getLibrary(@Caller() caller: Authenticated, @Param('library_id') id: string) {
    const libraryId = idParam(id, 'library_id');
    return toLibraryModel(
      orThrow(
        await this.queries.execute(new GetLocalLibraryQuery(caller.principal.organizationId, libraryId)),
      ),
    );
  }

  @Post('library/item')
  @HttpCode(201)
  @Header('Content-Type', 'application/json')
  async createItem(
    @Caller() caller: Authenticated,
    @Body() body: unknown,
    @Query('client_token') clientToken: unknown,
  ) {
    const spec = validOrThrow(decode(ItemCreate, body, 'request body'));
    const token = optional(ClientTokenParam, clientToken, 'client_token');
    const created = orThrow(
      await this.commands.execute(
        new CreateLibraryItemCommand(
          caller.context,
          spec.library_id,
          spec.name.trim(),
          spec.description ?? '',
          spec.type ?? '',
          token,
        ),
      ),
    );
    return jsonString(created.libraryItemId);
  }

  /** vCenter's item list: `?library_id=` is required. */
  @Get('library/item')
  async listItems(@Caller() caller: Authenticated, @Query('library_id') libraryId: unknown) {
    const id = idParam(libraryId, 'library_id');
    return orThrow(
      await this.queries.execute(new ListLibraryItemsQuery(caller.principal.organizationId, id)),
    );
  }

  @Get('library/item/:library_item_id')
  async getItem(@Caller() caller: Authenticated, @Param('library_item_id') id: string) {
    const itemId = idParam(id, 'library_item_id');
    return toItemModel(
      orThrow(await this.queries.execute(new GetLibraryItemQuery(caller.principal.organizationId, itemId))),
    );
  }

  /** The files of the item's current content version (vCenter's `library/item/file` list). */
  @Get('library/item/:library_item_id/file')
  async listItemFiles(@Caller() caller: Authenticated, @Param('library_item_id') id: string) {
    const itemId = idParam(id, 'library_item_id');
    const item = orThrow(
      await this.queries.execute(new GetLibraryItemQuery(caller.principal.organizationId, itemId)),
    );
    return item.files.map((file) => ({
      name: file.name,
      size: file.size,
      version: String(item.contentVersion),
      cached: true,
      checksum_info: { algorithm: file.checksum.algorithm, checksum: file.checksum.value },
    }));
  }
}
