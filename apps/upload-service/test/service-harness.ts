import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { createApp } from '../src/app/create-app';
import type { Clock } from '../src/app/tokens';
import { loadConfig } from '../src/config/load-config';
import { JsonLogger } from '../src/logging/json-logger';

export interface RunningService {
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly contentDir: string;
  readonly app: Awaited<ReturnType<typeof createApp>>;
  /** The JSON log lines the service wrote. */
  readonly logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

/**
 * The real service on a random port of 127.0.0.1: real HTTP, the embedded SQLite store and content
 * files in a fresh temporary folder (or KurrentDB when the environment names one).
 */
export const startService = async (
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<RunningService> => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'upload-service-e2e-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', ...env });
  if (E.isLeft(config)) throw new Error(config.left.join('\n'));
  const logs: Record<string, unknown>[] = [];
  const logger = new JsonLogger('info', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  const app = await createApp({ config: config.right, logger, ...(clock !== undefined ? { clock } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    contentDir: config.right.contentDir,
    app,
    logs,
    stop: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
