/** A configured user: passwords are stored only as scrypt hashes (see auth/password-hash.ts). */
export interface UserConfig {
  readonly username: string;
  readonly passwordHash: string;
  readonly organizationId: string;
}

/** A BlendVision API token: only its SHA-256 is configured; it may act for the listed organizations. */
export interface BvApiTokenConfig {
  readonly name: string;
  readonly tokenHash: string;
  readonly organizationIds: readonly string[];
}

export type EventStoreConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'kurrentdb'; readonly connectionString: string };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** JSON lines (default, for machines) or one readable line per entry (LOG_FORMAT=pretty, for humans). */
export type LogFormat = 'json' | 'pretty';

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
  /** How many streams' folded states the command path keeps in memory (0: none; see StreamStateCache). */
  readonly streamCacheSize: number;
  readonly shutdownGraceSeconds: number;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  /** How long a read waits for the read models to reach the caller's write (then: see README, read-your-writes). */
  readonly readYourWritesTimeoutMs: number;
  /** BlendVision API tokens. Empty: the development token is active (see README). */
  readonly bvApiTokens: readonly BvApiTokenConfig[];
  /** Size of the parts a BlendVision upload is split into (the last one may be smaller). */
  readonly bvPartSizeBytes: number;
  /** Smallest part a complete-upload accepts, but for the last listed one (S3: 5 MiB). */
  readonly bvMinPartSizeBytes: number;
  /** Longest part a PUT may send (S3: 5 GiB); a part is never longer than its file either. */
  readonly bvMaxPartSizeBytes: number;
  /** How long a `:download` link stays valid. */
  readonly bvDownloadUrlTtlSeconds: number;
  /** How long a BlendVision upload and its part URLs stay valid. */
  readonly bvUploadTtlSeconds: number;
  /** Requests per second each principal may sustain (0: no limit), and how many it may burst. */
  readonly rateLimitPerSecond: number;
  readonly rateLimitBurst: number;
}
