import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parsePosition } from '@upload-sessions/event-store';
import type { DialectErrorRenderer } from '@upload-sessions/service-core/http/dialect-http-error';
import type { ReadGate } from './read-gate';
import {
  POSITION_HEADER,
  type RequestWrites,
  type WriteTracker,
} from '@upload-sessions/service-core/read-your-writes/write-tracker';

export interface ReadYourWritesHooks {
  readonly tracker: WriteTracker;
  readonly gate: ReadGate;
  /** Renders the 503 of a request whose position was not reached, in the format of the dialect that owns its URL. */
  readonly renderers: readonly DialectErrorRenderer[];
}

const requests = new WeakMap<FastifyRequest, RequestWrites>();

const header = (request: FastifyRequest): string | undefined => {
  const value = request.headers[POSITION_HEADER];
  return typeof value === 'string' ? value.trim() : undefined;
};

const sendNotReached = (
  request: FastifyRequest,
  reply: FastifyReply,
  hooks: ReadYourWritesHooks,
  position: string,
): void => {
  const message = `The read models have not reached position ${position} yet; retry shortly.`;
  const renderer = hooks.renderers.find((r) => r.matches(request.url));
  const rendered = renderer?.render(503, message);
  void reply
    .code(503)
    .header('retry-after', '1')
    .headers(rendered?.headers ?? {})
    .send(rendered?.body ?? { error: { code: 'READ_MODEL_BEHIND', message } });
};

/**
 * Fastify hooks for read-your-writes, on every route (both dialects, the upload routes, audit):
 * - each request runs inside its own write-tracking context (entered in preHandler, after the body is
 *   parsed, so the handler and everything it awaits belong to it);
 * - a request carrying `X-Upload-Sessions-Position` first waits (bounded) until the read models have
 *   reached it, else it is answered 503 with Retry-After in its dialect's error format;
 * - a response to a request that wrote carries the position of its last event in that header.
 */
export const registerReadYourWrites = (fastify: FastifyInstance, hooks: ReadYourWritesHooks): void => {
  fastify.addHook('onRequest', (request, reply, done) => {
    const given = header(request);
    const requested = given === undefined || given === '' ? undefined : parsePosition(given);
    if (given !== undefined && given !== '' && requested === undefined) {
      const renderer = hooks.renderers.find((r) => r.matches(request.url));
      const message = `${POSITION_HEADER} must be a position this service answered with.`;
      const rendered = renderer?.render(400, message);
      void reply
        .code(400)
        .headers(rendered?.headers ?? {})
        .send(rendered?.body ?? { error: { code: 'INVALID_ARGUMENT', message } });
      return;
    }
    requests.set(request, { request, requested, written: undefined });
    done();
  });

  fastify.addHook('preHandler', (request, reply, done) => {
    const writes = requests.get(request) ?? { request, requested: undefined, written: undefined };
    const proceed = (): void => hooks.tracker.runInRequest(writes, () => done());
    if (writes.requested === undefined) return proceed();
    const position = writes.requested;
    void hooks.gate
      .reach(position)
      .then((reached) => (reached ? proceed() : sendNotReached(request, reply, hooks, position)));
  });

  fastify.addHook('onSend', (request, reply, payload, done) => {
    const written = requests.get(request)?.written;
    if (written !== undefined) void reply.header(POSITION_HEADER, written);
    done(null, payload);
  });
};
