import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The error a JSON route raises for a body it cannot take; each dialect renders it in its format. */
export class UnsupportedMediaType extends Error {
  readonly statusCode = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  constructor(contentType: string) {
    super(
      `the body must be JSON sent with Content-Type: application/json (got ${contentType === '' ? 'no Content-Type' : contentType})`,
    );
  }
}

const contentTypeOf = (request: FastifyRequest): string => {
  const header = request.headers['content-type'];
  return (typeof header === 'string' ? header : '').split(';')[0]?.trim() ?? '';
};

/**
 * The service's body parsers, replacing Fastify's. A request with no body bytes is a request without
 * a body, whatever its Content-Type or chunking: real clients (govmomi, axios) send body-less POSTs and
 * DELETEs as `application/json` with an empty, often chunked, body. A non-empty body is parsed as JSON
 * only when declared so; anything else (a form, plain text) is read (within the body limit, so the
 * client gets the answer) and refused with 415, never parsed into a command. The upload routes keep
 * their own streaming parsers.
 */
export const registerBodyParsers = (fastify: FastifyInstance): void => {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    if (body.length === 0) done(null, undefined);
    else done(new UnsupportedMediaType(contentTypeOf(request)), undefined);
  });
};
