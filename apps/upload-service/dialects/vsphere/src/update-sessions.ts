import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus, type Command } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { notAllowedInCurrentState, type UploadSession, type WarningBehavior } from '@upload-sessions/domain';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import { DeleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/delete/delete-upload-session.command';
import { UpdateUploadSessionCommand } from '@upload-sessions/service-core/sessions/update/update-upload-session.command';
import { GetUploadSessionQuery } from '@upload-sessions/read-side/session-queries/get-upload-session.query';
import type { Authenticated } from './auth/authenticated';
import { toUpdateSessionModel } from './mapping/session-model';
import { ListUploadSessionsQuery } from './sessions/queries/list-upload-sessions.query';
import { StartUploadSessionCommand } from './sessions/start/start-upload-session.command';
import { updateSessionActionCommand, type UpdateSessionAction } from './update-session-action';
import { orThrow } from './vsphere-responses';

/**
 * The update sessions as both vSphere path families (`/api` and the legacy `/rest`) serve them, once
 * each family has decoded its request: one command or query each, answered as `/api` models. Errors are
 * thrown as vAPI errors; each family's filter gives them its shape.
 */
@Injectable()
export class UpdateSessions {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  /** Starts a session on the item; the id of the session (the one made before, on a retried token). */
  async start(
    caller: Authenticated,
    libraryItemId: string,
    clientToken: string | null,
    warningBehavior: readonly WarningBehavior[] | undefined,
  ): Promise<string> {
    const started = orThrow(
      await this.commands.execute(
        new StartUploadSessionCommand(caller.context, libraryItemId, clientToken, warningBehavior ?? []),
      ),
    );
    return started.sessionId;
  }

  /** The ids of the caller's sessions, of one item when `libraryItemId` is not null. */
  async list(caller: Authenticated, libraryItemId: string | null): Promise<readonly string[]> {
    return orThrow(await this.queries.execute(new ListUploadSessionsQuery(caller.principal, libraryItemId)));
  }

  async get(caller: Authenticated, sessionId: string) {
    const view = orThrow(
      await this.queries.execute(new GetUploadSessionQuery(caller.principal.organizationId, sessionId)),
    );
    return toUpdateSessionModel(view);
  }

  /** Replaces the warning behavior; with none given, nothing changes but the session must be ACTIVE. */
  async update(
    caller: Authenticated,
    sessionId: string,
    warningBehavior: readonly WarningBehavior[] | undefined,
  ): Promise<void> {
    if (warningBehavior === undefined) {
      // Unset fields are not modified; the session must still exist and be ACTIVE, as for any update.
      const view = orThrow(
        await this.queries.execute(new GetUploadSessionQuery(caller.principal.organizationId, sessionId)),
      );
      const { status } = view.session;
      if (status !== 'ACTIVE') orThrow(E.left(notAllowedInCurrentState('UpdateWarningBehavior', status)));
      return;
    }
    orThrow(
      await this.commands.execute(new UpdateUploadSessionCommand(caller.context, sessionId, warningBehavior)),
    );
  }

  async delete(caller: Authenticated, sessionId: string): Promise<void> {
    orThrow(await this.commands.execute(new DeleteUploadSessionCommand(caller.context, sessionId)));
  }

  /** Runs a decoded `cancel`, `complete`, `fail` or `keep-alive`. */
  async act(caller: Authenticated, sessionId: string, action: UpdateSessionAction): Promise<void> {
    const command: Command<E.Either<ApplicationError, UploadSession>> = updateSessionActionCommand(
      caller.context,
      sessionId,
      action,
    );
    orThrow(await this.commands.execute(command));
  }
}
