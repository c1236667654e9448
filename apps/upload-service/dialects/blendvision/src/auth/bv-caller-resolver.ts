import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Caller, CallerResolver } from '@upload-sessions/service-core/dialect/dialect';
import { ApiTokenDirectory, bearerToken } from './api-token-directory';

/** A known API token in `Authorization: Bearer`: its holder, for any organization the token may act for. */
@Injectable()
export class BvCallerResolver implements CallerResolver {
  constructor(@Inject(ApiTokenDirectory) private readonly tokens: ApiTokenDirectory) {}

  resolve(request: FastifyRequest): Caller | undefined {
    const authorization = request.headers['authorization'];
    const token = bearerToken(typeof authorization === 'string' ? authorization : undefined);
    const holder = token === undefined ? undefined : this.tokens.authenticate(token);
    if (holder === undefined) return undefined;
    return {
      name: holder.name,
      organizationIds: holder.organizationIds,
      rateLimitKey: `api-token:${holder.name}`,
    };
  }
}
