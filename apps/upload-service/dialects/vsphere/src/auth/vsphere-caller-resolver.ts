import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Caller, CallerResolver } from '@upload-sessions/service-core/dialect/dialect';
import type { Principal } from '@upload-sessions/service-core/auth/principal';
import { LoginSessions } from './login-sessions';
import { SESSION_HEADER } from './vsphere-auth.guard';

/** A live login token in `vmware-api-session-id`: its user, of one organization. */
@Injectable()
export class VsphereCallerResolver implements CallerResolver {
  constructor(@Inject(LoginSessions) private readonly logins: LoginSessions) {}

  /** From what this instance already knows of the token (rate limiting: no store read per request). */
  resolve(request: FastifyRequest): Caller | undefined {
    const session = request.headers[SESSION_HEADER];
    return typeof session === 'string' ? callerOf(this.logins.peek(session)) : undefined;
  }

  /** Checked against the store (within its staleness bound): a login made on another instance counts. */
  async verify(request: FastifyRequest): Promise<Caller | undefined> {
    const session = request.headers[SESSION_HEADER];
    return typeof session === 'string' ? callerOf(await this.logins.resolve(session)) : undefined;
  }
}

const callerOf = (principal: Principal | undefined): Caller | undefined =>
  principal === undefined
    ? undefined
    : {
        name: principal.username,
        organizationIds: [principal.organizationId],
        rateLimitKey: `user:${principal.organizationId}/${principal.username}`,
      };
