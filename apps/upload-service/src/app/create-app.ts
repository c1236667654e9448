import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_USER, UserDirectory } from '@upload-sessions/dialect-vsphere/auth/user-directory';
import {
  DIALECT_ERROR_RENDERERS,
  type DialectErrorRenderer,
} from '@upload-sessions/service-core/http/dialect-http-error';
import { renderException, sendRendered } from '@upload-sessions/service-core/http/http-exception.filter';
import { registerBodyParsers } from '@upload-sessions/service-core/http/body-parsers';
import {
  clientLimitServerOptions,
  registerConnectionCap,
} from '@upload-sessions/service-core/http/client-limits/client-limits';
import { registerRateLimit } from '@upload-sessions/service-core/http/rate-limit/register-rate-limit';
import { TokenBuckets } from '@upload-sessions/service-core/http/rate-limit/token-buckets';
import {
  DIALECT_CALLER_RESOLVERS,
  DIALECT_RAW_ROUTES,
  DIALECT_UPLOAD_PREFIXES,
  registerRawRoutes,
  type CallerResolver,
  type RawRoutes,
} from '@upload-sessions/service-core/dialect/dialect';
import { correlationIdFor } from '@upload-sessions/service-core/http/request-context';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { registerHttpMetrics } from '@upload-sessions/service-core/metrics/register-http-metrics';
import { ServiceMetrics } from '@upload-sessions/service-core/metrics/service-metrics';
import { ReadSideModule } from '@upload-sessions/read-side/read-side.module';
import { AppModule } from './app.module';
import { serviceDialects } from './dialects';
import { serviceConfigSlices, type ServiceConfig } from './service-config';
import { serviceReadModels } from './service-read-models';
import type { Clock } from '@upload-sessions/service-core/application/tokens';

export interface CreateAppOptions {
  readonly config: ServiceConfig;
  readonly logger?: JsonLogger;
  readonly clock?: Clock;
}

/**
 * Nest installs its own Fastify error handler during init, after plugins may already have captured the
 * previous one; the service installs one (rendering through the same dialect renderers) before
 * anything is registered, and keeps it. Exceptions in controllers still go through Nest's filters.
 */
class ServiceFastifyAdapter extends FastifyAdapter {
  private errorHandlerInstalled = false;
  override setErrorHandler(handler: Parameters<FastifyAdapter['setErrorHandler']>[0]) {
    if (this.errorHandlerInstalled) return this.getInstance();
    this.errorHandlerInstalled = true;
    return super.setErrorHandler(handler);
  }
}

/** Query strings can carry upload grants: logs get the path only. */
const pathOf = (url: string): string => url.split('?')[0] ?? url;

/**
 * Builds the service (NestJS on Fastify) without listening: main.ts listens, tests pick a port.
 * Throws when the event store cannot be opened.
 */
export const createApp = async ({
  config,
  logger = new JsonLogger(config.logging.level),
  clock = () => new Date(),
}: CreateAppOptions) => {
  const users = await UserDirectory.create(config.vsphere.users);
  const readSide = ReadSideModule.forRoot(serviceReadModels);
  const dialects = serviceDialects({ users, readSide });
  // Errors Fastify's router raises before any handler (a path that is not valid percent-encoding)
  // skip the error handler: they are rendered here, once the dialects' renderers exist.
  let renderFrameworkError: (error: unknown, request: FastifyRequest, reply: FastifyReply) => void = (
    _e,
    _q,
    reply,
  ) => void reply.status(400).send();
  const adapter = new ServiceFastifyAdapter({
    frameworkErrors: (error: unknown, request: FastifyRequest, reply: FastifyReply) =>
      renderFrameworkError(error, request, reply),
    bodyLimit: config.http.bodyLimitBytes,
    genReqId: (request: IncomingMessage) => correlationIdFor(request),
    requestIdHeader: false,
    logger: false,
    // During shutdown, requests on kept-alive connections get 503 while in-flight ones finish.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 512 },
    // Header, idle and keep-alive timeouts (see client-limits.ts): none is a whole-request limit.
    ...clientLimitServerOptions(config.http.clientLimits),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, configSlices: serviceConfigSlices, logger, clock, readSide, dialects }),
    adapter,
    // The service's own parsers (registerBodyParsers), not Nest's JSON and form parsers.
    // abortOnError false: a failed start (e.g. KURRENTDB_STARTUP=exit) rejects, so main.ts ends with
    // its one line and exit code 1 instead of Nest calling process.exit from inside (and tests survive it).
    { logger, bodyParser: false, abortOnError: false },
  );
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;

  // Fastify's side of error rendering (body parsing happens before Nest sees a request). Set before any
  // route or plugin is registered, so that every route context captures it whatever the plugin order.
  const renderers = app.get<readonly DialectErrorRenderer[]>(DIALECT_ERROR_RENDERERS);
  adapter.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) =>
    sendRendered(reply, renderException(error, request, renderers, logger)),
  );
  renderFrameworkError = (error, request, reply) =>
    sendRendered(reply, renderException(error, request, renderers, logger));
  // Before the upload routes, whose Fastify contexts replace these parsers with streaming ones.
  registerBodyParsers(fastify);

  registerConnectionCap(fastify, {
    maxConnectionsPerAddress: config.http.clientLimits.maxConnectionsPerAddress,
    renderers,
    logger,
  });
  if (config.rateLimit.perSecond > 0) {
    registerRateLimit(fastify, {
      buckets: new TokenBuckets(config.rateLimit.perSecond, config.rateLimit.burst),
      renderers,
      logger,
      callers: app.get<readonly CallerResolver[]>(DIALECT_CALLER_RESOLVERS),
      uploadPrefixes: app.get<readonly string[]>(DIALECT_UPLOAD_PREFIXES),
    });
  }

  // Once closing, answers end their connection: a kept-alive client must not hold the shutdown open.
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-request-id', request.id);
    if (closing) void reply.header('connection', 'close');
    return payload;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    logger.entry(reply.statusCode >= 500 ? 'error' : 'info', 'request', {
      requestId: request.id,
      method: request.method,
      path: pathOf(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
  });

  registerHttpMetrics(fastify, app.get(ServiceMetrics), dialects);

  // Every dialect's raw routes, here and only here: after the error handler, parsers and hooks above,
  // before the application initialises (read-your-writes adds its hooks then; Fastify applies every
  // hook to every route when it is ready, whatever the order they were added in).
  await registerRawRoutes(fastify, app.get<readonly RawRoutes[]>(DIALECT_RAW_ROUTES));
  await app.init();

  if (users.usesDefaultUser) {
    logger.entry(
      'warn',
      `no users configured: the default user ${DEFAULT_USER.username} (see README) can log in; set USERS to replace it`,
    );
  }
  if (config.signedUrls.secretGenerated) {
    logger.entry(
      'warn',
      'UPLOAD_URL_SECRET is not set: upload URIs handed out stop working when the service restarts',
    );
  }
  return app;
};
