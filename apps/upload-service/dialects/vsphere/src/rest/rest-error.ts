import { Catch, Inject, Injectable, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DialectHttpError,
  type DialectErrorRenderer,
} from '@upload-sessions/service-core/http/dialect-http-error';
import { renderException, sendRendered } from '@upload-sessions/service-core/http/http-exception.filter';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import type { VapiErrorBody, VapiErrorType } from '../errors/vapi-error';
import { vapiErrorRenderer } from '../errors/vapi-error-renderer';

/**
 * The one place where the legacy `/rest` family's errors get their shape. The family reuses every
 * vAPI error value of `/api` (same kinds, same HTTP statuses); only the body differs:
 * `{"type": "com.vmware.vapi.std.errors.<kind>", "value": {"messages": […]}}`.
 */
export interface RestErrorBody {
  readonly type: string;
  readonly value: { readonly messages: VapiErrorBody['messages'] };
}

export const restErrorTypeOf = (errorType: VapiErrorType): string =>
  `com.vmware.vapi.std.errors.${errorType.toLowerCase()}`;

const isVapiErrorBody = (body: unknown): body is VapiErrorBody =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as { error_type?: unknown }).error_type === 'string' &&
  Array.isArray((body as { messages?: unknown }).messages);

export const toRestErrorBody = (body: VapiErrorBody): RestErrorBody => ({
  type: restErrorTypeOf(body.error_type),
  value: { messages: body.messages },
});

/** An `/api`-rendered error, re-shaped for `/rest` (status and headers kept). */
export const toRestHttpError = (error: DialectHttpError): DialectHttpError =>
  isVapiErrorBody(error.body)
    ? new DialectHttpError(error.status, toRestErrorBody(error.body), error.headers)
    : error;

/** Framework errors (unknown routes, malformed JSON, rate limits) on `/rest` URLs. */
export const restErrorRenderer: DialectErrorRenderer = {
  matches: (url) => url === '/rest' || url.startsWith('/rest/') || url.startsWith('/rest?'),
  render: (status, message) => toRestHttpError(vapiErrorRenderer.render(status, message)),
};

/**
 * Bound to the `/rest` controllers: whatever they, their guard or the shared vSphere helpers throw
 * (already-rendered vAPI errors included) leaves in the `/rest` format.
 */
@Catch()
@Injectable()
export class RestExceptionFilter implements ExceptionFilter {
  constructor(@Inject(JsonLogger) private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const rendered = renderException(
      exception,
      http.getRequest<FastifyRequest>(),
      [restErrorRenderer],
      this.logger,
    );
    sendRendered(http.getResponse<FastifyReply>(), toRestHttpError(rendered));
  }
}
