import 'reflect-metadata';
import * as E from 'fp-ts/Either';
import { createApp } from './app/create-app';
import { loadConfig } from '@upload-sessions/service-core/config/load-config';
import { TransferRegistry } from '@upload-sessions/service-core/content/transfer-registry';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';

/** `node dist/main.js`: validate the configuration, open the store, listen, and shut down gracefully. */
const main = async (): Promise<void> => {
  const config = loadConfig(process.env);
  if (E.isLeft(config)) {
    process.stderr.write(
      `Invalid configuration; the service did not start:\n${config.left.map((line) => `  ${line}`).join('\n')}\n`,
    );
    process.exitCode = 1;
    return;
  }
  const logger = new JsonLogger(config.right.logLevel);
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
    const graceMs = config.right.shutdownGraceSeconds * 1000;
    logger.entry('info', 'shutting down', { signal, graceSeconds: config.right.shutdownGraceSeconds });
    // Uploads still running when the grace period ends are aborted (their partial bytes are deleted).
    const abortUploads = setTimeout(
      () => app.get(TransferRegistry).abortAll('the service is shutting down'),
      graceMs,
    );
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

  await app.listen({ port: config.right.port, host: config.right.host });
  logger.entry('info', 'listening', { url: `http://${config.right.host}:${config.right.port}` });
};

void main();
