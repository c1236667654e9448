/** A configured user: passwords are stored only as scrypt hashes (see auth/password-hash.ts). */
export interface UserConfig {
  readonly username: string;
  readonly passwordHash: string;
  readonly organizationId: string;
}

export type EventStoreConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'kurrentdb'; readonly connectionString: string };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The validated configuration the service runs with. Built once at start-up by loadConfig. */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly contentDir: string;
  readonly eventStore: EventStoreConfig;
  /** Idle time after which an ACTIVE update session expires (vCenter's default: 5 minutes). */
  readonly sessionTimeoutSeconds: number;
  readonly expirySweepIntervalSeconds: number;
  /** Idle time after which a login session (vmware-api-session-id) ends. */
  readonly loginIdleTimeoutSeconds: number;
  /** Empty: the default user is active (see README). */
  readonly users: readonly UserConfig[];
  /** HMAC key for the signed upload URIs. */
  readonly uploadUrlSecret: Buffer;
  readonly uploadUrlSecretGenerated: boolean;
  readonly uploadUrlTtlSeconds: number;
  /** Base of the upload URIs handed out; absent: taken from the request's Host. */
  readonly publicBaseUrl: string | undefined;
  readonly bodyLimitBytes: number;
  readonly maxUploadBytes: number;
  /** How often a command is retried after losing an optimistic-concurrency race. */
  readonly commandRetries: number;
  readonly shutdownGraceSeconds: number;
  readonly logLevel: LogLevel;
}
