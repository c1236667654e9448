import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import { requestInfo } from '@upload-sessions/service-core/http/request-context';
import { bvHttpError } from '../errors/bv-error-renderer';

export interface BvCaller {
  readonly organizationId: string;
  /** The API token's name. */
  readonly tokenName: string;
  /** Metadata context for the commands this request sends. */
  readonly context: CommandContext;
}

/** Actors in event metadata: the API token, by name (never the token itself). */
export const API_TOKEN_ACTOR_KIND = 'api-token';

/** The caller established by BvAuthGuard, with the request's correlation and causation ids. */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext): BvCaller => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const info = requestInfo(request);
  const principal = info.principal;
  if (principal === undefined) throw bvHttpError({ _tag: 'Unauthenticated' });
  return {
    organizationId: principal.organizationId,
    tokenName: principal.username,
    context: {
      actor: { id: principal.username, kind: API_TOKEN_ACTOR_KIND },
      organizationId: principal.organizationId,
      correlationId: request.id,
      causationId: info.requestId,
    },
  };
});
