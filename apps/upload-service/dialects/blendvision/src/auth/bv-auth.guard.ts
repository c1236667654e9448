import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestInfo } from '@upload-sessions/service-core/http/request-context';
import { bvHttpError } from '../errors/bv-error-renderer';
import { ApiTokenDirectory, bearerToken } from './api-token-directory';

export const ORG_HEADER = 'x-bv-org-id';

/**
 * BlendVision's scheme for API tokens: `Authorization: Bearer <api_token>` and `x-bv-org-id` naming
 * an organization the token may act for. The organization becomes the caller's: every file and upload
 * of another organization is invisible to the request.
 */
@Injectable()
export class BvAuthGuard implements CanActivate {
  constructor(@Inject(ApiTokenDirectory) private readonly tokens: ApiTokenDirectory) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers['authorization'];
    const token = bearerToken(typeof header === 'string' ? header : undefined);
    const holder = token === undefined ? undefined : this.tokens.authenticate(token);
    if (holder === undefined) throw bvHttpError({ _tag: 'Unauthenticated' });
    const org = request.headers[ORG_HEADER];
    const organizationId = typeof org === 'string' ? org.trim() : '';
    if (organizationId === '') throw bvHttpError({ _tag: 'MissingOrganization' });
    if (!holder.organizationIds.includes(organizationId)) {
      throw bvHttpError({ _tag: 'OrganizationNotAllowed', organizationId });
    }
    requestInfo(request).principal = { username: holder.name, organizationId };
    return true;
  }
}
