// First: caps V8's young generation before the modules below are loaded (issue 16, P5).
import './young-generation-cap';
import 'reflect-metadata';
import { createServer } from 'node:net';
import * as E from 'fp-ts/Either';
import { createApp } from './app/create-app';
import { loadServiceConfig } from './app/service-config';
import { startBanner } from './app/start-banner';
import { ServiceShutdown } from '@upload-sessions/service-core/content/content-store';
import { TransferRegistry } from '@upload-sessions/service-core/content/transfer-registry';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';

/** Why the address cannot be listened on (`EADDRINUSE`, `EACCES`, …), or undefined when it can. */
const cannotListen = (host: string, port: number): Promise<string | undefined> =>
  new Promise((resolve) => {
    if (port === 0) return resolve(undefined);
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });

const listenError = (host: string, port: number, code: string): string =>
  code === 'EADDRINUSE'
    ? `port ${port} on ${host} is already in use: stop what listens there or set PORT`
    : `cannot listen on ${host}:${port} (${code}): set HOST and PORT`;

/** `node dist/main.js`: validate the configuration, open the store, listen, and shut down gracefully. */
const main = async (): Promise<void> => {
  const config = loadServiceConfig(process.env);
  if (E.isLeft(config)) {
    process.stderr.write(
      `Invalid configuration; the service did not start:\n${config.left.map((line) => `  ${line}`).join('\n')}\n`,
    );
    process.exitCode = 1;
    return;
  }
  const logger = new JsonLogger(config.right.logging.level, undefined, config.right.logging.format);
  const { host, port } = config.right.http;
  // Before anything is opened (data folder, store): a busy port is one line, not a stack after start-up.
  const busy = await cannotListen(host, port);
  if (busy !== undefined) {
    logger.entry('error', listenError(host, port, busy), { host, port, code: busy });
    process.exitCode = 1;
    return;
  }
  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    app = await createApp({ config: config.right, logger });
  } catch (error) {
    logger.entry('error', 'the service did not start', {
      error: error instanceof Error ? error.message : String(error),
    });
    process.exitCode = 1;
    return;
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    const graceMs = config.right.http.shutdownGraceSeconds * 1000;
    logger.entry('info', 'shutting down', { signal, graceSeconds: config.right.http.shutdownGraceSeconds });
    // Uploads still running when the grace period ends are aborted (their partial bytes are deleted).
    const abortUploads = setTimeout(() => app.get(TransferRegistry).abortAll(new ServiceShutdown()), graceMs);
    const forceExit = setTimeout(() => {
      logger.entry('error', 'shutdown took too long; exiting');
      process.exit(1);
    }, graceMs + 5000);
    abortUploads.unref();
    forceExit.unref();
    // Nest stops the HTTP server (in-flight requests finish), then the sweeps, then closes the store.
    void app.close().then(
      () => logger.entry('info', 'stopped'),
      (error: unknown) => {
        logger.entry('error', 'shutdown failed', { error: String(error) });
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  try {
    await app.listen({ port, host });
  } catch (error) {
    // Taken between the check and now.
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    logger.entry('error', listenError(host, port, code), { host, port, code });
    process.exitCode = 1;
    await app.close();
    return;
  }
  const address = app.getHttpServer().address();
  const listening = typeof address === 'object' && address !== null ? address.port : port;
  for (const line of startBanner(config.right, `http://${host}:${listening}`))
    logger.entry('info', line.msg, line.fields);
};

void main();
