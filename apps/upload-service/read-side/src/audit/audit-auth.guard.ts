import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { LoginSessions } from '@upload-sessions/dialect-vsphere/auth/login-sessions';
import {
  ApiTokenDirectory,
  bearerToken,
} from '@upload-sessions/dialect-blendvision/auth/api-token-directory';
import { DialectHttpError } from '@upload-sessions/service-core/http/dialect-http-error';
import { requestInfo } from '@upload-sessions/service-core/http/request-context';

/** Errors of the audit API: `{ error: { code, message } }`. */
export const auditHttpError = (status: number, code: string, message: string): DialectHttpError =>
  new DialectHttpError(status, { error: { code, message } });

/**
 * Audit reads need an authenticated caller of the organization in the path: a vSphere login
 * (`vmware-api-session-id`, its user's organization) or a BlendVision API token
 * (`Authorization: Bearer`, any organization the token may act for). Nothing else is told.
 */
@Injectable()
export class AuditAuthGuard implements CanActivate {
  private tokens: ApiTokenDirectory | undefined;

  constructor(
    @Inject(LoginSessions) private readonly logins: LoginSessions,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest<{ Params: { organizationId?: string } }>>();
    const caller = this.caller(request);
    if (caller === undefined)
      throw auditHttpError(
        401,
        'UNAUTHENTICATED',
        'Log in (vmware-api-session-id) or send a BlendVision API token.',
      );
    const organizationId = request.params.organizationId ?? '';
    if (!caller.organizationIds.includes(organizationId)) {
      throw auditHttpError(
        403,
        'PERMISSION_DENIED',
        'The caller may not read this organization’s audit trail.',
      );
    }
    requestInfo(request).principal = { username: caller.name, organizationId };
    return true;
  }

  private caller(request: FastifyRequest): { name: string; organizationIds: readonly string[] } | undefined {
    const session = request.headers['vmware-api-session-id'];
    if (typeof session === 'string') {
      const principal = this.logins.resolve(session);
      if (principal !== undefined)
        return { name: principal.username, organizationIds: [principal.organizationId] };
    }
    const authorization = request.headers['authorization'];
    const token = bearerToken(typeof authorization === 'string' ? authorization : undefined);
    return token === undefined ? undefined : this.apiTokens()?.authenticate(token);
  }

  private apiTokens(): ApiTokenDirectory | undefined {
    if (this.tokens === undefined) {
      try {
        this.tokens = this.moduleRef.get(ApiTokenDirectory, { strict: false });
      } catch {
        return undefined;
      }
    }
    return this.tokens;
  }
}
