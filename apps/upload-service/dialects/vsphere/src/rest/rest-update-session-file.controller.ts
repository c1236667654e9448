import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Caller, type Authenticated } from '../auth/authenticated';
import { decode } from '../codecs/decode';
import { idParam } from '../codecs/params';
import { SessionFiles } from '../session-files';
import { validOrThrow } from '../vsphere-responses';
import { RestAuthGuard } from './rest-auth.guard';
import { RestFileAdd, RestFileName } from './rest-codecs';
import { RestExceptionFilter } from './rest-error';
import { restAction, restId, value } from './rest-params';

/**
 * `/rest/com/vmware/content/library/item/updatesession/file` (no dash in `updatesession`, as govmomi's
 * `internal.LibraryItemUpdateSessionFile` spells it): the files of an update session, by
 * `id:{session}?~action=add|get|list|validate|remove`, and govmomi's list `?update_session_id=`.
 */
@Controller('rest/com/vmware/content/library/item/updatesession/file')
@UseGuards(RestAuthGuard)
@UseFilters(RestExceptionFilter)
export class RestUpdateSessionFileController {
  constructor(@Inject(SessionFiles) private readonly files: SessionFiles) {}

  /** govmomi's `ListLibraryItemUpdateSessionFile`. */
  @Get()
  async list(
    @Caller() caller: Authenticated,
    @Req() request: FastifyRequest,
    @Query('update_session_id') id: unknown,
  ) {
    const sessionId = idParam(id, 'update_session_id');
    return value(await this.files.list(caller, request, sessionId));
  }

  @Post(':id')
  @HttpCode(200)
  async act(
    @Caller() caller: Authenticated,
    @Req() request: FastifyRequest,
    @Param('id') segment: string,
    @Query('~action') action: unknown,
    @Body() body: unknown,
  ) {
    const sessionId = restId(segment, 'update_session_id');
    switch (restAction(action, ['add', 'get', 'list', 'validate', 'remove'])) {
      case 'add': {
        const { file_spec: spec } = validOrThrow(decode(RestFileAdd, body, 'request body'));
        return value(await this.files.add(caller, request, sessionId, spec));
      }
      case 'get': {
        const { file_name: name } = validOrThrow(decode(RestFileName, body, 'request body'));
        return value(await this.files.get(caller, request, sessionId, name));
      }
      case 'list':
        return value(await this.files.list(caller, request, sessionId));
      case 'validate':
        return value(await this.files.validate(caller, sessionId));
      case 'remove': {
        const { file_name: name } = validOrThrow(decode(RestFileName, body, 'request body'));
        await this.files.remove(caller, sessionId, name);
        return undefined;
      }
    }
  }
}
