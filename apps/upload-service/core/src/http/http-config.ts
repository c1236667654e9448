import * as E from 'fp-ts/Either';
import { HostName, IntegerInRange } from '../config/config-codecs';
import { defineConfigSlice } from '../config/config-slice';

/** What a slow or greedy client may hold (see http/client-limits). */
export interface ClientLimitsConfig {
  /** Time to receive a request's line and headers; then 408 and the connection is closed. */
  readonly headersTimeoutMs: number;
  /** A connection moving no byte either way for this long is cut (0: never). Not a whole-request limit. */
  readonly requestIdleTimeoutMs: number;
  /** How long a kept-alive connection may wait for its next request. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections per client address; a request on one more is answered 503 and closed (0: no cap). */
  readonly maxConnectionsPerAddress: number;
}

/** The HTTP server: where it listens, what a request may hold, how long a shutdown waits. */
export interface HttpConfig {
  readonly port: number;
  readonly host: string;
  readonly bodyLimitBytes: number;
  readonly shutdownGraceSeconds: number;
  readonly clientLimits: ClientLimitsConfig;
}

export const HTTP_CONFIG = Symbol('HttpConfig');

export const httpConfig = defineConfigSlice({
  key: 'http',
  token: HTTP_CONFIG,
  variables: {
    PORT: IntegerInRange(0, 65535),
    HOST: HostName,
    BODY_LIMIT_BYTES: IntegerInRange(1024, 64 * 1024 * 1024),
    SHUTDOWN_GRACE_SECONDS: IntegerInRange(0, 600),
    HEADERS_TIMEOUT_MS: IntegerInRange(100, 600_000),
    REQUEST_IDLE_TIMEOUT_MS: IntegerInRange(0, 3_600_000),
    KEEP_ALIVE_TIMEOUT_MS: IntegerInRange(100, 3_600_000),
    MAX_CONNECTIONS_PER_ADDRESS: IntegerInRange(0, 1_000_000),
  },
  defaults: {
    PORT: 8080,
    HOST: '127.0.0.1',
    BODY_LIMIT_BYTES: 1024 * 1024,
    SHUTDOWN_GRACE_SECONDS: 10,
    // A client gets this long to send a request's line and headers (a slow-loris trickle is cut after it).
    HEADERS_TIMEOUT_MS: 15_000,
    // No whole-request timeout (it would cut long uploads): a request whose connection moves no byte
    // either way for this long is cut instead, so a stalled body does not hold a connection forever.
    REQUEST_IDLE_TIMEOUT_MS: 120_000,
    // Fastify's default: above the 60 s idle timeout of common load balancers, so they close first.
    KEEP_ALIVE_TIMEOUT_MS: 72_000,
    // Open connections one client address may hold; behind a proxy every client shares one address.
    MAX_CONNECTIONS_PER_ADDRESS: 256,
  },
  build: (v): E.Either<string[], HttpConfig> =>
    E.right({
      port: v.PORT,
      host: v.HOST,
      bodyLimitBytes: v.BODY_LIMIT_BYTES,
      shutdownGraceSeconds: v.SHUTDOWN_GRACE_SECONDS,
      clientLimits: {
        headersTimeoutMs: v.HEADERS_TIMEOUT_MS,
        requestIdleTimeoutMs: v.REQUEST_IDLE_TIMEOUT_MS,
        keepAliveTimeoutMs: v.KEEP_ALIVE_TIMEOUT_MS,
        maxConnectionsPerAddress: v.MAX_CONNECTIONS_PER_ADDRESS,
      },
    }),
});
