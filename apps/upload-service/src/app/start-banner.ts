import { DEFAULT_USER } from '@upload-sessions/dialect-vsphere/auth/user-directory';
import type { AppConfig } from '@upload-sessions/service-core/config/app-config';
import { DEVELOPMENT_TOKEN } from '@upload-sessions/dialect-blendvision/auth/api-token-directory';
import type { LogFields } from '@upload-sessions/service-core/logging/json-logger';

/** One start-up log line: its message and fields. */
export interface BannerLine {
  readonly msg: string;
  readonly fields: LogFields;
}

/**
 * What an operator needs once the service listens, one line each: where it listens, which event store
 * (never KurrentDB credentials), where content goes, and who may call it (names only, never secrets).
 */
export const startBanner = (config: AppConfig, url: string): readonly BannerLine[] => [
  { msg: 'listening', fields: { url } },
  {
    msg: 'event store',
    fields:
      config.eventStore.kind === 'sqlite'
        ? { kind: 'sqlite', location: config.eventStore.path }
        : {
            kind: 'kurrentdb',
            location: config.eventStore.connectionString.replace(/\/\/[^@/]*@/, '//***@'),
          },
  },
  { msg: 'content folder', fields: { path: config.contentDir } },
  {
    msg: 'vSphere users',
    fields:
      config.users.length > 0
        ? { users: config.users.map((user) => user.username) }
        : { users: [DEFAULT_USER.username], developmentDefault: true },
  },
  {
    msg: 'BlendVision API tokens',
    fields:
      config.bvApiTokens.length > 0
        ? { tokens: config.bvApiTokens.map((token) => token.name) }
        : { tokens: [DEVELOPMENT_TOKEN.name], developmentDefault: true },
  },
];
