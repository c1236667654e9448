import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import {
  callerOf,
  DIALECT_CALLER_RESOLVERS,
  type CallerResolver,
} from '@upload-sessions/service-core/dialect/dialect';
import { DialectHttpError } from '@upload-sessions/service-core/http/dialect-http-error';
import { requestInfo } from '@upload-sessions/service-core/http/request-context';

/** Errors of the audit API: `{ error: { code, message } }`. */
export const auditHttpError = (status: number, code: string, message: string): DialectHttpError =>
  new DialectHttpError(status, { error: { code, message } });

/**
 * Audit reads need an authenticated caller of the organization in the path, as a dialect's caller
 * resolver finds one (a vSphere login: its user's organization; a BlendVision API token: any
 * organization the token may act for). Nothing else is told.
 */
@Injectable()
export class AuditAuthGuard implements CanActivate {
  private resolvers: readonly CallerResolver[] | undefined;

  constructor(@Inject(ModuleRef) private readonly moduleRef: ModuleRef) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest<{ Params: { organizationId?: string } }>>();
    const caller = callerOf(request, this.callerResolvers());
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

  /** The dialects' resolvers (none in an application without dialects). */
  private callerResolvers(): readonly CallerResolver[] {
    if (this.resolvers === undefined) {
      try {
        this.resolvers = this.moduleRef.get<readonly CallerResolver[]>(DIALECT_CALLER_RESOLVERS, {
          strict: false,
        });
      } catch {
        return [];
      }
    }
    return this.resolvers;
  }
}
