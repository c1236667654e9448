import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { createApp } from '../src/app/create-app';
import type { Clock } from '@upload-sessions/service-core/application/tokens';
import { hashPassword } from '@upload-sessions/dialect-vsphere/auth/password-hash';
import { loadServiceConfig } from '../src/app/service-config';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { stopAfterFile } from './left-running';

export interface TestUser {
  readonly username: string;
  readonly password: string;
  readonly organizationId: string;
}

export interface RunningService {
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly contentDir: string;
  readonly app: Awaited<ReturnType<typeof createApp>>;
  /** The JSON log lines the service wrote. */
  readonly logs: Record<string, unknown>[];
  /** Users configured for this run, of two fresh organizations; undefined: the default user. */
  readonly users: { readonly alice: TestUser; readonly bob: TestUser } | undefined;
  /** Stops the service; `keepData` leaves the data folder for a restart. */
  stop(options?: { readonly keepData?: boolean }): Promise<void>;
}

export interface StartOptions {
  readonly env?: Record<string, string>;
  readonly clock?: Clock;
  /** false: configure no users, so the default user is active; given users: reuse them (a restart). */
  readonly users?: boolean | { readonly alice: TestUser; readonly bob: TestUser };
  /** Reuse a data folder (a restart). */
  readonly dataDir?: string;
}

const makeUsers = (): { alice: TestUser; bob: TestUser } => {
  // Fresh organizations per run keep runs apart on a shared KurrentDB server.
  const run = randomUUID().slice(0, 8);
  return {
    alice: { username: `alice-${run}`, password: `pw-a-${run}`, organizationId: `org-a-${run}` },
    bob: { username: `bob-${run}`, password: `pw-b-${run}`, organizationId: `org-b-${run}` },
  };
};

/**
 * The real service on a random port of 127.0.0.1: real HTTP, the embedded SQLite store (or KurrentDB
 * when the environment names one) and content files in a fresh temporary folder.
 */
export const startService = async (options: StartOptions = {}): Promise<RunningService> => {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'upload-service-e2e-'));
  const users =
    options.users === false
      ? undefined
      : options.users === true || options.users === undefined
        ? makeUsers()
        : options.users;
  const usersEnv: Record<string, string> = {};
  if (users !== undefined) {
    const configured = await Promise.all(
      [users.alice, users.bob].map(async (user) => ({
        username: user.username,
        organizationId: user.organizationId,
        passwordHash: await hashPassword(user.password),
      })),
    );
    usersEnv['USERS'] = JSON.stringify(configured);
  }
  const config = loadServiceConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'info',
    ...usersEnv,
    ...options.env,
  });
  if (E.isLeft(config)) throw new Error(config.left.join('\n'));
  const logs: Record<string, unknown>[] = [];
  const logger = new JsonLogger('info', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  const app = await createApp({
    config: config.right,
    logger,
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
  });
  const forget = stopAfterFile(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    contentDir: config.right.content.contentDir,
    app,
    logs,
    users,
    stop: async ({ keepData = false } = {}) => {
      forget();
      await app.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
