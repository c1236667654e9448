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
import { Caller, type Authenticated } from './auth/authenticated';
import { VsphereAuthGuard } from './auth/vsphere-auth.guard';
import { decode } from './codecs/decode';
import { idParam, optionalParam } from './codecs/params';
import { ClientTokenParam, ItemCreate, LocalLibraryCreate } from './codecs/vsphere-codecs';
import { Libraries, supportedLocalLibrary } from './libraries';
import { toItemFileModels, toItemModel, toLibraryModel } from './mapping/library-model';
import { jsonString, validOrThrow } from './vsphere-responses';

/** Local libraries and library items: enough of them to be the targets of update sessions. */
@Controller('api/content')
@UseGuards(VsphereAuthGuard)
export class LibraryController {
  constructor(@Inject(Libraries) private readonly libraries: Libraries) {}

  @Post('local-library')
  @HttpCode(201)
  @Header('Content-Type', 'application/json')
  async createLocalLibrary(
    @Caller() caller: Authenticated,
    @Body() body: unknown,
    @Query('client_token') clientToken: unknown,
  ) {
    const spec = supportedLocalLibrary(validOrThrow(decode(LocalLibraryCreate, body, 'request body')));
    const token = optionalParam(ClientTokenParam, clientToken, 'client_token');
    return jsonString(await this.libraries.createLocalLibrary(caller, spec, token));
  }

  @Get('local-library')
  async listLocalLibraries(@Caller() caller: Authenticated) {
    return this.libraries.libraryIds(caller);
  }

  @Get('local-library/:library_id')
  async getLocalLibrary(@Caller() caller: Authenticated, @Param('library_id') id: string) {
    return toLibraryModel(await this.libraries.library(caller, idParam(id, 'library_id')));
  }

  /** All libraries of the caller's organization (only local ones exist here). */
  @Get('library')
  async listLibraries(@Caller() caller: Authenticated) {
    return this.libraries.libraryIds(caller);
  }

  @Get('library/:library_id')
  async getLibrary(@Caller() caller: Authenticated, @Param('library_id') id: string) {
    return toLibraryModel(await this.libraries.library(caller, idParam(id, 'library_id')));
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
    const token = optionalParam(ClientTokenParam, clientToken, 'client_token');
    return jsonString(await this.libraries.createItem(caller, spec, token));
  }

  /** vCenter's item list: `?library_id=` is required. */
  @Get('library/item')
  async listItems(@Caller() caller: Authenticated, @Query('library_id') libraryId: unknown) {
    return this.libraries.itemIds(caller, idParam(libraryId, 'library_id'));
  }

  @Get('library/item/:library_item_id')
  async getItem(@Caller() caller: Authenticated, @Param('library_item_id') id: string) {
    return toItemModel(await this.libraries.item(caller, idParam(id, 'library_item_id')));
  }

  /** The files of the item's current content version (vCenter's `library/item/file` list). */
  @Get('library/item/:library_item_id/file')
  async listItemFiles(@Caller() caller: Authenticated, @Param('library_item_id') id: string) {
    return toItemFileModels(await this.libraries.item(caller, idParam(id, 'library_item_id')));
  }
}
