import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Caller, CallerResolver } from '@upload-sessions/service-core/dialect/dialect';
import { LoginSessions } from './login-sessions';
import { SESSION_HEADER } from './vsphere-auth.guard';

/** A live login token in `vmware-api-session-id`: its user, of one organization. */
@Injectable()
export class VsphereCallerResolver implements CallerResolver {
  constructor(@Inject(LoginSessions) private readonly logins: LoginSessions) {}

  resolve(request: FastifyRequest): Caller | undefined {
    const session = request.headers[SESSION_HEADER];
    if (typeof session !== 'string') return undefined;
    const principal = this.logins.resolve(session);
    if (principal === undefined) return undefined;
    return {
      name: principal.username,
      organizationIds: [principal.organizationId],
      rateLimitKey: `user:${principal.organizationId}/${principal.username}`,
    };
  }
}
