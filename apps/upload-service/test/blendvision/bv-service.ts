import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { createApp } from '../../src/app/create-app';
import { hashPassword } from '@upload-sessions/dialect-vsphere/auth/password-hash';
import { loadServiceConfig } from '../../src/app/service-config';
import { apiTokenHash } from '@upload-sessions/dialect-blendvision/auth/api-token-directory';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { stopAfterFile } from '../left-running';

export interface BvTestToken {
  readonly name: string;
  readonly token: string;
  readonly organizationIds: readonly string[];
}

export interface BvService {
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly contentDir: string;
  readonly logs: Record<string, unknown>[];
  readonly app: Awaited<ReturnType<typeof createApp>>;
  /** Fresh organizations and tokens per run: `acme` may act for orgA and orgB, `other` for orgC only. */
  readonly tokens: { readonly acme: BvTestToken; readonly other: BvTestToken };
  readonly orgs: { readonly a: string; readonly b: string; readonly c: string };
  readonly secret: string;
  readonly partSize: number;
  /** A vSphere user of organization `a`: the same upload sessions, seen through the other dialect. */
  readonly vsphereUser: { readonly username: string; readonly password: string };
  stop(): Promise<void>;
}

/**
 * The real service on a random port of 127.0.0.1: real HTTP, the embedded SQLite store and content
 * files in a fresh temporary folder (or the KurrentDB server `env` names). Parts are small here
 * (`BV_PART_SIZE_BYTES`, default 256 KiB) so that a few MiB make several parts.
 */
export const startBvService = async (env: Record<string, string> = {}): Promise<BvService> => {
  const run = randomUUID().slice(0, 8);
  const orgs = { a: `org-a-${run}`, b: `org-b-${run}`, c: `org-c-${run}` };
  const tokens = {
    acme: { name: `acme-${run}`, token: `tok-acme-${randomUUID()}`, organizationIds: [orgs.a, orgs.b] },
    other: { name: `other-${run}`, token: `tok-other-${randomUUID()}`, organizationIds: [orgs.c] },
  };
  const secret = `secret-${randomUUID()}-${randomUUID()}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bv-e2e-'));
  const partSize = 256 * 1024;
  const vsphereUser = { username: `vs-${run}`, password: `pw-${run}` };
  const users = [
    {
      username: vsphereUser.username,
      organizationId: orgs.a,
      passwordHash: await hashPassword(vsphereUser.password),
    },
  ];
  const config = loadServiceConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'info',
    UPLOAD_URL_SECRET: secret,
    BV_PART_SIZE_BYTES: String(partSize),
    USERS: JSON.stringify(users),
    BV_API_TOKENS: JSON.stringify(
      Object.values(tokens).map(({ name, token, organizationIds }) => ({
        name,
        tokenHash: apiTokenHash(token),
        organizationIds,
      })),
    ),
    ...env,
  });
  if (E.isLeft(config)) throw new Error(config.left.join('\n'));
  const logs: Record<string, unknown>[] = [];
  const logger = new JsonLogger('info', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  const app = await createApp({ config: config.right, logger });
  const forget = stopAfterFile(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    contentDir: config.right.content.contentDir,
    logs,
    app,
    tokens,
    orgs,
    secret,
    partSize,
    vsphereUser,
    stop: async () => {
      forget();
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
