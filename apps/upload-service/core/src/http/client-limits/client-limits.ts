import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ClientLimitsConfig } from '../http-config';
import { DialectHttpError, type DialectErrorRenderer } from '../dialect-http-error';
import { sendRendered } from '../http-exception.filter';
import type { JsonLogger } from '../../logging/json-logger';

/**
 * The Node server options behind the limits, given to Fastify at construction. `requestTimeout` is 0:
 * a whole-request limit would cut a long upload whose bytes keep flowing; `connectionTimeout` (the
 * socket's idle timeout) cuts a stalled one instead. Node checks header deadlines every
 * `connectionsCheckingInterval` (30 s by default): a quarter of the timeout keeps the cut near it.
 */
export const clientLimitServerOptions = (limits: ClientLimitsConfig) => ({
  connectionTimeout: limits.requestIdleTimeoutMs,
  keepAliveTimeout: limits.keepAliveTimeoutMs,
  requestTimeout: 0,
  http: {
    headersTimeout: limits.headersTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  },
});

/** 503 in the format of the API the URL belongs to (vAPI error, google.rpc.Status, the audit API's). */
const tooManyConnections = (
  request: FastifyRequest,
  renderers: readonly DialectErrorRenderer[],
): DialectHttpError => {
  const message = 'too many connections from this address; retry later';
  const renderer = renderers.find((r) => r.matches(request.url));
  if (renderer !== undefined) return renderer.render(503, message);
  return request.url.startsWith('/audit/')
    ? new DialectHttpError(503, { error: { code: 'UNAVAILABLE', message } })
    : new DialectHttpError(503, { error: message });
};

export interface ConnectionCapDependencies {
  readonly maxConnectionsPerAddress: number;
  readonly renderers: readonly DialectErrorRenderer[];
  readonly logger: JsonLogger;
}

/**
 * Counts open connections per client address. A connection over the cap is kept just long enough to
 * answer its first request 503 in the dialect's format (with `Retry-After` and `Connection: close`)
 * before any handler runs; one that never sends a request is cut by the header timeout. The others
 * from that address, and every other address, are served as usual.
 */
export const registerConnectionCap = (fastify: FastifyInstance, deps: ConnectionCapDependencies): void => {
  if (deps.maxConnectionsPerAddress <= 0) return;
  const open = new Map<string, number>();
  const refused = new WeakSet<Socket>();
  fastify.server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    open.set(address, count);
    if (count > deps.maxConnectionsPerAddress) refused.add(socket);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (!refused.has(request.raw.socket)) return;
    deps.logger.entry('warn', 'connection refused: too many from one address', {
      requestId: request.id,
      address: request.raw.socket.remoteAddress ?? 'unknown',
      limit: deps.maxConnectionsPerAddress,
    });
    const error = tooManyConnections(request, deps.renderers);
    sendRendered(
      reply,
      new DialectHttpError(error.status, error.body, {
        ...error.headers,
        'retry-after': '1',
        connection: 'close',
      }),
    );
    return reply;
  });
};
