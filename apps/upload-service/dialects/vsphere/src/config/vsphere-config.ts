import * as E from 'fp-ts/Either';
import { IntegerInRange } from '@upload-sessions/service-core/config/config-codecs';
import { defineConfigSlice } from '@upload-sessions/service-core/config/config-slice';
import { UsersCodec } from './vsphere-config-codecs';

/** A configured user: passwords are stored only as scrypt hashes (see auth/password-hash.ts). */
export interface UserConfig {
  readonly username: string;
  readonly passwordHash: string;
  readonly organizationId: string;
}

/** vSphere's own settings: its users, their logins, its upload URIs. */
export interface VsphereConfig {
  /** Empty: the default user is active (see README). */
  readonly users: readonly UserConfig[];
  /** Idle time after which a login session (vmware-api-session-id) ends. */
  readonly loginIdleTimeoutSeconds: number;
  /** How long an upload URI handed out stays valid. */
  readonly uploadUrlTtlSeconds: number;
}

export const VSPHERE_CONFIG = Symbol('VsphereConfig');

export const vsphereConfig = defineConfigSlice({
  key: 'vsphere',
  token: VSPHERE_CONFIG,
  variables: {
    LOGIN_IDLE_TIMEOUT_SECONDS: IntegerInRange(1, 7 * 24 * 3600),
    USERS: UsersCodec,
    UPLOAD_URL_TTL_SECONDS: IntegerInRange(1, 7 * 24 * 3600),
  },
  defaults: { LOGIN_IDLE_TIMEOUT_SECONDS: 1800, UPLOAD_URL_TTL_SECONDS: 3600 },
  build: (v): E.Either<string[], VsphereConfig> =>
    E.right({
      users: v.USERS ?? [],
      loginIdleTimeoutSeconds: v.LOGIN_IDLE_TIMEOUT_SECONDS,
      uploadUrlTtlSeconds: v.UPLOAD_URL_TTL_SECONDS,
    }),
});
