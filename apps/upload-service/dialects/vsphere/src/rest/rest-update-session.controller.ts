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
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { notAllowedInCurrentState } from '@upload-sessions/domain';
import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { CompleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/complete/complete-upload-session.command';
import { DeleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/delete/delete-upload-session.command';
import { FailUploadSessionCommand } from '@upload-sessions/service-core/sessions/fail/fail-upload-session.command';
import { KeepAliveUploadSessionCommand } from '@upload-sessions/service-core/sessions/keep-alive/keep-alive-upload-session.command';
import { GetUploadSessionQuery } from '@upload-sessions/read-side/session-queries/get-upload-session.query';
import { ListUploadSessionsQuery } from '../sessions/queries/list-upload-sessions.query';
import { StartUploadSessionCommand } from '../sessions/start/start-upload-session.command';
import { UpdateUploadSessionCommand } from '@upload-sessions/service-core/sessions/update/update-upload-session.command';
import { Caller, type Authenticated } from '../auth/authenticated';
import { decode } from '../codecs/decode';
import { ResourceId } from '../codecs/vsphere-codecs';
import { toUpdateSessionModel } from '../mapping/session-model';
import { orThrow, validOrThrow } from '../vsphere-responses';
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

/**
 * `/rest/com/vmware/content/library/item/update-session`: the same commands and queries as `/api`'s
 * update sessions, so a session started on one family is seen and ended on the other.
 */
@Controller('rest/com/vmware/content/library/item/update-session')
@UseGuards(RestAuthGuard)
@UseFilters(RestExceptionFilter)
export class RestUpdateSessionController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  /** `{"create_spec": {"library_item_id": …}, "client_token"?: …}` → `{"value": id}`. */
  @Post()
  @HttpCode(200)
  async create(@Caller() caller: Authenticated, @Body() body: unknown) {
    const { create_spec: spec, client_token: token } = validOrThrow(
      decode(RestUpdateSessionCreate, body, 'request body'),
    );
    const started = orThrow(
      await this.commands.execute(
        new StartUploadSessionCommand(
          caller.context,
          spec.library_item_id,
          token ?? null,
          spec.warning_behavior ?? [],
        ),
      ),
    );
    return value(started.sessionId);
  }

  @Get()
  async list(@Caller() caller: Authenticated, @Query('library_item_id') libraryItemId: unknown) {
    const itemId =
      libraryItemId === undefined ? null : validOrThrow(decode(ResourceId, libraryItemId, 'library_item_id'));
    return value(orThrow(await this.queries.execute(new ListUploadSessionsQuery(caller.principal, itemId))));
  }

  /** What govmomi's `WaitOnLibraryItemUpdateSession` polls until `state` is no longer ACTIVE. */
  @Get(':id')
  async get(@Caller() caller: Authenticated, @Param('id') segment: string) {
    const view = orThrow(
      await this.queries.execute(
        new GetUploadSessionQuery(caller.principal.organizationId, sessionId(segment)),
      ),
    );
    return value(toUpdateSessionModel(view));
  }

  @Patch(':id')
  @HttpCode(200)
  async update(@Caller() caller: Authenticated, @Param('id') segment: string, @Body() body: unknown) {
    const id = sessionId(segment);
    const { update_spec: spec } = validOrThrow(decode(RestUpdateSessionUpdate, body, 'request body'));
    if (spec.warning_behavior === undefined) {
      // Unset fields are not modified; the session must still exist and be ACTIVE, as for any update.
      const view = orThrow(
        await this.queries.execute(new GetUploadSessionQuery(caller.principal.organizationId, id)),
      );
      const { status } = view.session;
      if (status !== 'ACTIVE') orThrow(E.left(notAllowedInCurrentState('UpdateWarningBehavior', status)));
      return;
    }
    orThrow(
      await this.commands.execute(new UpdateUploadSessionCommand(caller.context, id, spec.warning_behavior)),
    );
  }

  @Delete(':id')
  @HttpCode(200)
  async delete(@Caller() caller: Authenticated, @Param('id') segment: string) {
    orThrow(await this.commands.execute(new DeleteUploadSessionCommand(caller.context, sessionId(segment))));
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
    const { context } = caller;
    switch (restAction(action, ['cancel', 'complete', 'fail', 'keep-alive'])) {
      case 'cancel':
        orThrow(await this.commands.execute(new CancelUploadSessionCommand(context, id)));
        return;
      case 'complete':
        orThrow(await this.commands.execute(new CompleteUploadSessionCommand(context, id)));
        return;
      case 'fail': {
        const spec =
          body === undefined ? {} : validOrThrow(decode(RestUpdateSessionFail, body, 'request body'));
        orThrow(
          await this.commands.execute(
            new FailUploadSessionCommand(context, id, spec.client_error_message ?? DEFAULT_FAIL_MESSAGE),
          ),
        );
        return;
      }
      case 'keep-alive': {
        const spec =
          body === undefined ? {} : validOrThrow(decode(RestUpdateSessionKeepAlive, body, 'request body'));
        orThrow(
          await this.commands.execute(
            new KeepAliveUploadSessionCommand(context, id, spec.client_progress ?? null),
          ),
        );
        return;
      }
    }
  }
}
