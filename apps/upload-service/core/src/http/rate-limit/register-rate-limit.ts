import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DialectHttpError, type DialectErrorRenderer } from '../dialect-http-error';
import { sendRendered } from '../http-exception.filter';
import type { JsonLogger } from '../../logging/json-logger';
import { principalKeyOf, type PrincipalKeyDependencies } from './principal-key';
import type { TokenBuckets } from './token-buckets';

export interface RateLimitDependencies extends PrincipalKeyDependencies {
  readonly buckets: TokenBuckets;
  readonly renderers: readonly DialectErrorRenderer[];
  readonly logger: JsonLogger;
}

/** 429 in the format of the API the URL belongs to (vAPI error, google.rpc.Status, the audit API's). */
const tooManyRequests = (
  request: FastifyRequest,
  renderers: readonly DialectErrorRenderer[],
): DialectHttpError => {
  const renderer = renderers.find((r) => r.matches(request.url));
  if (renderer !== undefined) return renderer.render(429, 'too many requests');
  const code = request.url.startsWith('/audit/') ? 'RESOURCE_EXHAUSTED' : undefined;
  return code !== undefined
    ? new DialectHttpError(429, { error: { code, message: 'Too many requests; retry later.' } })
    : new DialectHttpError(429, { error: 'Too many requests; retry later.' });
};

/**
 * Rate limits per principal (see principalKeyOf), checked before a request is routed, parsed or
 * authenticated, so a flood costs one hash lookup per request. Refusals carry `Retry-After`.
 */
export const registerRateLimit = (fastify: FastifyInstance, deps: RateLimitDependencies): void => {
  fastify.addHook('onRequest', async (request, reply) => {
    const key = principalKeyOf(request, deps);
    const taken = deps.buckets.take(key);
    if (taken.allowed) return;
    const error = tooManyRequests(request, deps.renderers);
    deps.logger.entry('warn', 'rate limited', { requestId: request.id, principal: key.split(':')[0] });
    // An upload refused before its body was read: close rather than drain what may be gigabytes.
    if (request.method === 'PUT') void reply.header('connection', 'close');
    sendRendered(
      reply,
      new DialectHttpError(error.status, error.body, {
        ...error.headers,
        'retry-after': String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000))),
      }),
    );
    return reply;
  });
};
