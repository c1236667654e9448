import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { Caller, type Authenticated } from '../auth/authenticated';
import { decode } from '../codecs/decode';
import { idParam } from '../codecs/params';
import { Libraries, supportedLocalLibrary } from '../libraries';
import { toItemFileModels, toItemModel, toLibraryModel } from '../mapping/library-model';
import { validOrThrow } from '../vsphere-responses';
import { RestAuthGuard } from './rest-auth.guard';
import { RestLibraryFind, RestItemCreate, RestItemFind, RestLocalLibraryCreate } from './rest-codecs';
import { RestExceptionFilter } from './rest-error';
import { restAction, restId, value } from './rest-params';

/**
 * Local libraries and library items on the legacy family (`/rest/com/vmware/content/…`): the same
 * commands and queries as `/api`, with `create_spec` bodies, `id:` segments, `~action=find` and
 * `{"value": …}` answers (200 for every success, as the family answers).
 */
@Controller('rest/com/vmware/content')
@UseGuards(RestAuthGuard)
@UseFilters(RestExceptionFilter)
export class RestLibraryController {
  constructor(@Inject(Libraries) private readonly libraries: Libraries) {}

  @Post('local-library')
  @HttpCode(200)
  async createLocalLibrary(@Caller() caller: Authenticated, @Body() body: unknown) {
    const { create_spec: spec, client_token: token } = validOrThrow(
      decode(RestLocalLibraryCreate, body, 'request body'),
    );
    return value(await this.libraries.createLocalLibrary(caller, supportedLocalLibrary(spec), token ?? null));
  }

  @Get('local-library')
  async listLocalLibraries(@Caller() caller: Authenticated) {
    return value(await this.libraries.libraryIds(caller));
  }

  @Get('local-library/:id')
  async getLocalLibrary(@Caller() caller: Authenticated, @Param('id') segment: string) {
    return value(toLibraryModel(await this.libraries.library(caller, restId(segment, 'library_id'))));
  }

  /** All libraries of the caller's organization (only local ones exist here). */
  @Get('library')
  async listLibraries(@Caller() caller: Authenticated) {
    return value(await this.libraries.libraryIds(caller));
  }

  /** `~action=find` with `{"spec": {name?, type?}}`: govmomi's `FindLibrary` (govc's library finder). */
  @Post('library')
  @HttpCode(200)
  async findLibraries(
    @Caller() caller: Authenticated,
    @Query('~action') action: unknown,
    @Body() body: unknown,
  ) {
    restAction(action, ['find']);
    const { spec } = validOrThrow(decode(RestLibraryFind, body, 'request body'));
    if (spec.type === 'SUBSCRIBED') return value([]);
    const ids = await this.libraries.libraryIds(caller);
    if (spec.name === undefined) return value(ids);
    const name = spec.name.toLowerCase();
    const found: string[] = [];
    for (const id of ids) {
      if ((await this.libraries.library(caller, id)).name.toLowerCase() === name) found.push(id);
    }
    return value(found);
  }

  @Get('library/:id')
  async getLibrary(@Caller() caller: Authenticated, @Param('id') segment: string) {
    return value(toLibraryModel(await this.libraries.library(caller, restId(segment, 'library_id'))));
  }

  @Post('library/item')
  @HttpCode(200)
  async createOrFindItems(
    @Caller() caller: Authenticated,
    @Query('~action') action: unknown,
    @Body() body: unknown,
  ) {
    if (restAction(action, ['find'], true) === 'find') return this.findItems(caller, body);
    const { create_spec: spec, client_token: token } = validOrThrow(
      decode(RestItemCreate, body, 'request body'),
    );
    return value(await this.libraries.createItem(caller, spec, token ?? null));
  }

  /** govmomi's `ListLibraryItems`: `?library_id=` is required. */
  @Get('library/item')
  async listItems(@Caller() caller: Authenticated, @Query('library_id') libraryId: unknown) {
    const id = idParam(libraryId, 'library_id');
    return value(await this.libraries.itemIds(caller, id));
  }

  /** The files of an item's current content version (`library/item/file?library_item_id=`). */
  @Get('library/item/file')
  async listItemFiles(@Caller() caller: Authenticated, @Query('library_item_id') itemId: unknown) {
    const id = idParam(itemId, 'library_item_id');
    return value(toItemFileModels(await this.libraries.item(caller, id)));
  }

  @Get('library/item/:id')
  async getItem(@Caller() caller: Authenticated, @Param('id') segment: string) {
    return value(toItemModel(await this.libraries.item(caller, restId(segment, 'library_item_id'))));
  }

  /** `~action=find` with `{"spec": {library_id?, name?, type?, cached?, source_id?}}`. */
  private async findItems(caller: Authenticated, body: unknown) {
    const { spec } = validOrThrow(decode(RestItemFind, body, 'request body'));
    // Items here are never synchronised copies: they have no source and are always cached.
    if (spec.source_id !== undefined || spec.cached === false) return value([]);
    const libraries =
      spec.library_id !== undefined ? [spec.library_id] : await this.libraries.libraryIds(caller);
    const found: string[] = [];
    for (const libraryId of libraries) {
      for (const id of await this.libraries.itemIds(caller, libraryId)) {
        const item = await this.libraries.item(caller, id);
        if (spec.name !== undefined && item.name.toLowerCase() !== spec.name.toLowerCase()) continue;
        if (spec.type !== undefined && item.itemType !== spec.type) continue;
        found.push(id);
      }
    }
    return value(found);
  }
}
