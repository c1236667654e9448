import { DEFAULT_USER } from '@upload-sessions/dialect-vsphere/auth/user-directory';
import { DEVELOPMENT_TOKEN } from '@upload-sessions/dialect-blendvision/auth/api-token-directory';
import type { LogFields } from '@upload-sessions/service-core/logging/json-logger';
import type { ServiceConfig } from './service-config';

/** One start-up log line: its message and fields. */
export interface BannerLine {
  readonly msg: string;
  readonly fields: LogFields;
}

/**
 * What an operator needs once the service listens, one line each: where it listens, which event store
 * (never KurrentDB credentials), where content goes, and who may call it (names only, never secrets).
 */
export const startBanner = (config: ServiceConfig, url: string): readonly BannerLine[] => [
  { msg: 'listening', fields: { url } },
  {
    msg: 'event store',
    fields:
      config.eventStore.connection.kind === 'sqlite'
        ? { kind: 'sqlite', location: config.eventStore.connection.path }
        : {
            kind: 'kurrentdb',
            location: config.eventStore.connection.connectionString.replace(/\/\/[^@/]*@/, '//***@'),
          },
  },
  { msg: 'content folder', fields: { path: config.content.contentDir } },
  {
    msg: 'vSphere users',
    fields:
      config.vsphere.users.length > 0
        ? { users: config.vsphere.users.map((user) => user.username) }
        : { users: [DEFAULT_USER.username], developmentDefault: true },
  },
  {
    msg: 'BlendVision API tokens',
    fields:
      config.blendvision.apiTokens.length > 0
        ? { tokens: config.blendvision.apiTokens.map((token) => token.name) }
        : { tokens: [DEVELOPMENT_TOKEN.name], developmentDefault: true },
  },
];
