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
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { CompleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/complete/complete-upload-session.command';
import { DeleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/delete/delete-upload-session.command';
import { FailUploadSessionCommand } from '@upload-sessions/service-core/sessions/fail/fail-upload-session.command';
import { KeepAliveUploadSessionCommand } from '@upload-sessions/service-core/sessions/keep-alive/keep-alive-upload-session.command';
import { GetUploadSessionQuery } from '@upload-sessions/read-side/session-queries/get-upload-session.query';
import { ListUploadSessionsQuery } from './sessions/queries/list-upload-sessions.query';
import { StartUploadSessionCommand } from './sessions/start/start-upload-session.command';
import { UpdateUploadSessionCommand } from '@upload-sessions/service-core/sessions/update/update-upload-session.command';
import { Caller, type Authenticated } from './auth/authenticated';
import { VsphereAuthGuard } from './auth/vsphere-auth.guard';
import { decode } from './codecs/decode';
import {
  ClientTokenParam,
  ResourceId,
  UpdateSessionCreate,
  UpdateSessionFail,
  UpdateSessionKeepAlive,
  UpdateSessionUpdate,
} from './codecs/vsphere-codecs';
import { notAllowedInCurrentState } from '@upload-sessions/domain';
import { invalidArgument } from './errors/vapi-error';
import { vapiHttpError } from './errors/vapi-error-renderer';
import { toUpdateSessionModel } from './mapping/session-model';
import { jsonString, orThrow, validOrThrow } from './vsphere-responses';

const sessionIdParam = (value: string): string =>
  validOrThrow(decode(ResourceId, value, 'update_session_id'));
const optional = <A>(codec: t.Decoder<unknown, A>, value: unknown, what: string): A | null =>
  value === undefined ? null : validOrThrow(decode(codec, value, what));

/** `/api/content/library/item/update-session`: each action is one command or query on the bus. */
@Controller('api/content/library/item/update-session')
@UseGuards(VsphereAuthGuard)
export class UpdateSessionController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @Header('Content-Type', 'application/json')
  async create(
    @Caller() caller: Authenticated,
    @Body() body: unknown,
    @Query('client_token') clientToken: unknown,
  ) {
    const spec = validOrThrow(decode(UpdateSessionCreate, body, 'request body'));
    const token = optional(ClientTokenParam, clientToken, 'client_token');
    const started = orThrow(
      await this.commands.execute(
        new StartUploadSessionCommand(
          caller.context,
          spec.library_item_id,
          token,
          spec.warning_behavior ?? [],
        ),
      ),
    );
    return jsonString(started.sessionId);
  }

  @Get()
  async list(@Caller() caller: Authenticated, @Query('library_item_id') libraryItemId: unknown) {
    const itemId = optional(ResourceId, libraryItemId, 'library_item_id');
    return orThrow(await this.queries.execute(new ListUploadSessionsQuery(caller.principal, itemId)));
  }

  @Get(':update_session_id')
  async get(@Caller() caller: Authenticated, @Param('update_session_id') id: string) {
    const view = orThrow(
      await this.queries.execute(
        new GetUploadSessionQuery(caller.principal.organizationId, sessionIdParam(id)),
      ),
    );
    return toUpdateSessionModel(view);
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
    if (spec.warning_behavior === undefined) {
      // Unset fields are not modified; the session must still exist and be ACTIVE, as for any update.
      const view = orThrow(
        await this.queries.execute(new GetUploadSessionQuery(caller.principal.organizationId, sessionId)),
      );
      const { status } = view.session;
      if (status !== 'ACTIVE') orThrow(E.left(notAllowedInCurrentState('UpdateWarningBehavior', status)));
      return;
    }
    orThrow(
      await this.commands.execute(
        new UpdateUploadSessionCommand(caller.context, sessionId, spec.warning_behavior),
      ),
    );
  }

  @Delete(':update_session_id')
  @HttpCode(204)
  async delete(@Caller() caller: Authenticated, @Param('update_session_id') id: string) {
    orThrow(await this.commands.execute(new DeleteUploadSessionCommand(caller.context, sessionIdParam(id))));
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
    const { context } = caller;
    switch (action) {
      case 'cancel':
        orThrow(await this.commands.execute(new CancelUploadSessionCommand(context, sessionId)));
        return;
      case 'complete':
        orThrow(await this.commands.execute(new CompleteUploadSessionCommand(context, sessionId)));
        return;
      case 'fail': {
        const spec = validOrThrow(decode(UpdateSessionFail, body, 'request body'));
        orThrow(
          await this.commands.execute(
            new FailUploadSessionCommand(context, sessionId, spec.client_error_message),
          ),
        );
        return;
      }
      case 'keep-alive': {
        const spec =
          body === undefined ? {} : validOrThrow(decode(UpdateSessionKeepAlive, body, 'request body'));
        orThrow(
          await this.commands.execute(
            new KeepAliveUploadSessionCommand(context, sessionId, spec.client_progress ?? null),
          ),
        );
        return;
      }
      default:
        throw vapiHttpError(
          invalidArgument('The action must be one of cancel, complete, fail, keep-alive.', ['action']),
        );
    }
  }
}
