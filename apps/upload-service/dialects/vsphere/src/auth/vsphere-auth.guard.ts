import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { LoginSessions } from './login-sessions';
import { requestInfo } from '@upload-sessions/service-core/http/request-context';
import { unauthenticated } from '../errors/vapi-error';
import { vapiHttpError } from '../errors/vapi-error-renderer';

export const SESSION_HEADER = 'vmware-api-session-id';

/** vCenter's scheme: the token from `POST /api/session` in the `vmware-api-session-id` header. */
@Injectable()
export class VsphereAuthGuard implements CanActivate {
  constructor(@Inject(LoginSessions) private readonly sessions: LoginSessions) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = request.headers[SESSION_HEADER];
    const principal = typeof token === 'string' ? this.sessions.resolve(token) : undefined;
    if (principal === undefined || typeof token !== 'string') throw vapiHttpError(unauthenticated());
    const info = requestInfo(request);
    info.principal = principal;
    info.token = token;
    return true;
  }
}
