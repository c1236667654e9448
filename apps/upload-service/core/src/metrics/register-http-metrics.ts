import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Dialect } from '../dialect/dialect';
import type { ServiceMetrics } from './service-metrics';

type DialectPaths = Pick<Dialect, 'name' | 'errorRenderer' | 'otherErrorRenderers'>;

/** vSphere actions share a route template; they are few and fixed, so each gets its own label. */
const ACTIONS = new Set(['cancel', 'complete', 'fail', 'keep-alive', 'validate']);

/** The dialect that owns a path, as its error renderer decides it; `service` for the shared routes. */
export const dialectOf = (url: string, dialects: readonly DialectPaths[]): string =>
  dialects.find((dialect) => dialect.errorRenderer.matches(url))?.name ?? 'service';

/** The route template the router matched, never the ids in the URL; unknown paths share one label. */
export const routeLabel = (request: FastifyRequest): string => {
  const template = request.routeOptions.url;
  if (template === undefined || template === '') return 'unmatched';
  const action = (request.query as { action?: unknown } | undefined)?.action;
  return typeof action === 'string' && ACTIONS.has(action) ? `${template}?action=${action}` : template;
};

/** Times every request (`http_request_duration_seconds`), labelled by method, route, status and dialect. */
export const registerHttpMetrics = (
  fastify: FastifyInstance,
  metrics: ServiceMetrics,
  dialects: readonly DialectPaths[],
): void => {
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: routeLabel(request),
        status: String(reply.statusCode),
        dialect: dialectOf(request.url, dialects),
      },
      reply.elapsedTime / 1000,
    );
  });
};
