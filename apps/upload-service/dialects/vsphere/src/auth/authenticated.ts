import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '@upload-sessions/service-core/auth/principal';
import { commandContext, requestInfo } from '@upload-sessions/service-core/http/request-context';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import { unauthenticated } from '../errors/vapi-error';
import { vapiHttpError } from '../errors/vapi-error-renderer';

export interface Authenticated {
  readonly principal: Principal;
  /** Metadata context for the commands this request sends. */
  readonly context: CommandContext;
}

/** The caller established by VsphereAuthGuard, with the request's correlation and causation ids. */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Authenticated => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const principal = requestInfo(request).principal;
  if (principal === undefined) throw vapiHttpError(unauthenticated());
  return { principal, context: commandContext(request, principal) };
});
