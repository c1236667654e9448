import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { LoginSessions } from '../auth/login-sessions';
import { requestInfo } from '@upload-sessions/service-core/http/request-context';
import { SESSION_HEADER } from '../auth/vsphere-auth.guard';
import { unauthenticated } from '../errors/vapi-error';
import { vapiHttpError } from '../errors/vapi-error-renderer';

/** The value of one cookie of a `Cookie` header, if present. */
const cookieValue = (header: string | undefined, name: string): string | undefined => {
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
};

/**
 * The login token of a `/rest` request: the `vmware-api-session-id` header (what govmomi sends after
 * login), else the cookie of that name that the login answer set (what a cookie jar sends back).
 */
export const restSessionToken = (request: FastifyRequest): string | undefined => {
  const header = request.headers[SESSION_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const cookie = request.headers.cookie;
  return cookieValue(typeof cookie === 'string' ? cookie : undefined, SESSION_HEADER);
};

/** vCenter's scheme on `/rest`: a token from `POST /rest/com/vmware/cis/session`, as header or cookie. */
@Injectable()
export class RestAuthGuard implements CanActivate {
  constructor(@Inject(LoginSessions) private readonly sessions: LoginSessions) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = restSessionToken(request);
    const principal = token === undefined ? undefined : await this.sessions.resolve(token);
    if (principal === undefined || token === undefined) throw vapiHttpError(unauthenticated());
    const info = requestInfo(request);
    info.principal = principal;
    info.token = token;
    return true;
  }
}
