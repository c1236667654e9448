import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { Caller, type Authenticated } from '../auth/authenticated';
import { decode } from '../codecs/decode';
import { optionalParam } from '../codecs/params';
import { ResourceId } from '../codecs/vsphere-codecs';
import { UPDATE_SESSION_ACTIONS, type UpdateSessionAction } from '../update-session-action';
import { UpdateSessions } from '../update-sessions';
import { validOrThrow } from '../vsphere-responses';
import { RestAuthGuard } from './rest-auth.guard';
import {
  RestUpdateSessionCreate,
  RestUpdateSessionFail,
  RestUpdateSessionKeepAlive,
  RestUpdateSessionUpdate,
} from './rest-codecs';
import { RestExceptionFilter } from './rest-error';
import { restAction, restId, value } from './rest-params';

/** What a body-less `~action=fail` (govmomi's `FailLibraryItemUpdateSession`) records as the reason. */
export const DEFAULT_FAIL_MESSAGE = 'The client failed the update session.';

const sessionId = (segment: string): string => restId(segment, 'update_session_id');

/** `?~action=` and its body as `/rest` takes them: govmomi sends none, so each field has a default. */
const sessionAction = (action: unknown, body: unknown): UpdateSessionAction => {
  const name = restAction(action, UPDATE_SESSION_ACTIONS);
  switch (name) {
    case 'cancel':
    case 'complete':
      return { action: name };
    case 'fail':
      return {
        action: name,
        message:
          optionalParam(RestUpdateSessionFail, body, 'request body')?.client_error_message ??
          DEFAULT_FAIL_MESSAGE,
      };
    case 'keep-alive':
      return {
        action: name,
        progress: optionalParam(RestUpdateSessionKeepAlive, body, 'request body')?.client_progress ?? null,
      };
  }
};

/**
 * `/rest/com/vmware/content/library/item/update-session`: the same commands and queries as `/api`'s
 * update sessions, so a session started on one family is seen and ended on the other.
 */
@Controller('rest/com/vmware/content/library/item/update-session')
@UseGuards(RestAuthGuard)
@UseFilters(RestExceptionFilter)
export class RestUpdateSessionController {
  constructor(@Inject(UpdateSessions) private readonly sessions: UpdateSessions) {}

  /** `{"create_spec": {"library_item_id": …}, "client_token"?: …}` → `{"value": id}`. */
  @Post()
  @HttpCode(200)
  async create(@Caller() caller: Authenticated, @Body() body: unknown) {
    const { create_spec: spec, client_token: token } = validOrThrow(
      decode(RestUpdateSessionCreate, body, 'request body'),
    );
    return value(
      await this.sessions.start(caller, spec.library_item_id, token ?? null, spec.warning_behavior),
    );
  }

  @Get()
  async list(@Caller() caller: Authenticated, @Query('library_item_id') libraryItemId: unknown) {
    return value(
      await this.sessions.list(caller, optionalParam(ResourceId, libraryItemId, 'library_item_id')),
    );
  }

  /** What govmomi's `WaitOnLibraryItemUpdateSession` polls until `state` is no longer ACTIVE. */
  @Get(':id')
  async get(@Caller() caller: Authenticated, @Param('id') segment: string) {
    return value(await this.sessions.get(caller, sessionId(segment)));
  }

  @Patch(':id')
  @HttpCode(200)
  async update(@Caller() caller: Authenticated, @Param('id') segment: string, @Body() body: unknown) {
    const id = sessionId(segment);
    const { update_spec: spec } = validOrThrow(decode(RestUpdateSessionUpdate, body, 'request body'));
    await this.sessions.update(caller, id, spec.warning_behavior);
  }

  @Delete(':id')
  @HttpCode(200)
  async delete(@Caller() caller: Authenticated, @Param('id') segment: string) {
    await this.sessions.delete(caller, sessionId(segment));
  }

  /** `?~action=cancel|complete|fail|keep-alive`, each body-less as govmomi sends them (200, no body). */
  @Post(':id')
  @HttpCode(200)
  async act(
    @Caller() caller: Authenticated,
    @Param('id') segment: string,
    @Query('~action') action: unknown,
    @Body() body: unknown,
  ) {
    const id = sessionId(segment);
    await this.sessions.act(caller, id, sessionAction(action, body));
  }
}
