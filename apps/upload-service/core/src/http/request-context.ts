import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../auth/principal';
import { actorOf } from '../auth/principal';
import type { CommandContext } from '../event-sourcing/command-context';

/** A caller-supplied id is kept only if it is a plain token (it ends up in headers, logs and events). */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The correlation id of a request: the client's `X-Request-Id`, else the trace id of its W3C
 * `traceparent`, else a new UUID. Used as Fastify's request id and echoed in `X-Request-Id`.
 */
export const correlationIdFor = (request: IncomingMessage): string => {
  const given = request.headers['x-request-id'];
  if (typeof given === 'string' && REQUEST_ID.test(given)) return given;
  const traceparent = request.headers['traceparent'];
  const trace = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (trace?.[1] !== undefined && !/^0+$/.test(trace[1])) return trace[1];
  return randomUUID();
};

/** What the HTTP layer knows about a request, kept beside Fastify's request object. */
interface RequestInfo {
  /** Unique per request: the causation of the commands it sends. */
  readonly requestId: string;
  principal?: Principal;
  /** The login token, for `DELETE /api/session`. */
  token?: string;
}

const infos = new WeakMap<object, RequestInfo>();

export const requestInfo = (request: object): RequestInfo => {
  let info = infos.get(request);
  if (info === undefined) {
    info = { requestId: randomUUID() };
    infos.set(request, info);
  }
  return info;
};

/** The metadata context of the commands an authenticated request sends. */
export const commandContext = (request: { readonly id: string }, principal: Principal): CommandContext => ({
  actor: actorOf(principal),
  organizationId: principal.organizationId,
  correlationId: request.id,
  causationId: requestInfo(request).requestId,
});
