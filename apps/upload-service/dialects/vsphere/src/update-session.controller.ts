import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { Caller, type Authenticated } from './auth/authenticated';
import { VsphereAuthGuard } from './auth/vsphere-auth.guard';
import { decode } from './codecs/decode';
import { idParam, optionalParam } from './codecs/params';
import {
  ClientTokenParam,
  ResourceId,
  UpdateSessionCreate,
  UpdateSessionFail,
  UpdateSessionKeepAlive,
  UpdateSessionUpdate,
} from './codecs/vsphere-codecs';
import { invalidArgument } from './errors/vapi-error';
import { vapiHttpError } from './errors/vapi-error-renderer';
import type { UpdateSessionAction } from './update-session-action';
import { UpdateSessions } from './update-sessions';
import { jsonString, validOrThrow } from './vsphere-responses';

const sessionIdParam = (value: string): string => idParam(value, 'update_session_id');

/** `?action=` and its body as `/api` takes them: fail's message is required, keep-alive's body optional. */
const sessionAction = (action: unknown, body: unknown): UpdateSessionAction => {
  switch (action) {
    case 'cancel':
    case 'complete':
      return { action };
    case 'fail':
      return {
        action,
        message: validOrThrow(decode(UpdateSessionFail, body, 'request body')).client_error_message,
      };
    case 'keep-alive':
      return {
        action,
        progress: optionalParam(UpdateSessionKeepAlive, body, 'request body')?.client_progress ?? null,
      };
    default:
      throw vapiHttpError(
        invalidArgument('The action must be one of cancel, complete, fail, keep-alive.', ['action']),
      );
  }
};

/** `/api/content/library/item/update-session`: each action is one command or query on the bus. */
@Controller('api/content/library/item/update-session')
@UseGuards(VsphereAuthGuard)
export class UpdateSessionController {
  constructor(@Inject(UpdateSessions) private readonly sessions: UpdateSessions) {}

  @Post()
  @HttpCode(201)
  @Header('Content-Type', 'application/json')
  async create(
    @Caller() caller: Authenticated,
    @Body() body: unknown,
    @Query('client_token') clientToken: unknown,
  ) {
    const spec = validOrThrow(decode(UpdateSessionCreate, body, 'request body'));
    const token = optionalParam(ClientTokenParam, clientToken, 'client_token');
    return jsonString(await this.sessions.start(caller, spec.library_item_id, token, spec.warning_behavior));
  }

  @Get()
  async list(@Caller() caller: Authenticated, @Query('library_item_id') libraryItemId: unknown) {
    return this.sessions.list(caller, optionalParam(ResourceId, libraryItemId, 'library_item_id'));
  }

  @Get(':update_session_id')
  async get(@Caller() caller: Authenticated, @Param('update_session_id') id: string) {
    return this.sessions.get(caller, sessionIdParam(id));
  }

  @Patch(':update_session_id')
  @HttpCode(204)
  async update(
    @Caller() caller: Authenticated,
    @Param('update_session_id') id: string,
    @Body() body: unknown,
  ) {
    const sessionId = sessionIdParam(id);
    const spec = validOrThrow(decode(UpdateSessionUpdate, body, 'request body'));
    await this.sessions.update(caller, sessionId, spec.warning_behavior);
  }

  @Delete(':update_session_id')
  @HttpCode(204)
  async delete(@Caller() caller: Authenticated, @Param('update_session_id') id: string) {
    await this.sessions.delete(caller, sessionIdParam(id));
  }

  /** `?action=cancel|complete|fail|keep-alive`: one path, four operations in the vendor spec. */
  @Post(':update_session_id')
  @HttpCode(204)
  async act(
    @Caller() caller: Authenticated,
    @Param('update_session_id') id: string,
    @Query('action') action: unknown,
    @Body() body: unknown,
  ) {
    const sessionId = sessionIdParam(id);
    await this.sessions.act(caller, sessionId, sessionAction(action, body));
  }
}
