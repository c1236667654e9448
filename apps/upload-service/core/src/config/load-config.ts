import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { AppConfig } from './app-config';
import {
  BaseUrl,
  HostName,
  IntegerInRange,
  KurrentDbConnectionString,
  LogFormatCodec,
  LogLevelCodec,
  NonEmptyText,
  Secret,
  UsersCodec,
} from './config-codecs';
import { BvApiTokensCodec } from './bv-config-codecs';

/** Every setting, by the name of its environment variable (also the key in the optional CONFIG_FILE). */
export const ConfigVariables = t.partial({
  PORT: IntegerInRange(0, 65535),
  HOST: HostName,
  DATA_DIR: NonEmptyText,
  CONTENT_DIR: NonEmptyText,
  KURRENTDB_CONNECTION_STRING: KurrentDbConnectionString,
  SESSION_TIMEOUT_SECONDS: IntegerInRange(1, 7 * 24 * 3600),
  EXPIRY_SWEEP_INTERVAL_SECONDS: IntegerInRange(1, 3600),
  LOGIN_IDLE_TIMEOUT_SECONDS: IntegerInRange(1, 7 * 24 * 3600),
  USERS: UsersCodec,
  UPLOAD_URL_SECRET: Secret,
  UPLOAD_URL_TTL_SECONDS: IntegerInRange(1, 7 * 24 * 3600),
  PUBLIC_BASE_URL: BaseUrl,
  BODY_LIMIT_BYTES: IntegerInRange(1024, 64 * 1024 * 1024),
  MAX_UPLOAD_BYTES: IntegerInRange(1, Number.MAX_SAFE_INTEGER),
  COMMAND_RETRIES: IntegerInRange(0, 100),
  STREAM_CACHE_SIZE: IntegerInRange(0, 10_000_000),
  SHUTDOWN_GRACE_SECONDS: IntegerInRange(0, 600),
  LOG_LEVEL: LogLevelCodec,
  LOG_FORMAT: LogFormatCodec,
  READ_YOUR_WRITES_TIMEOUT_MS: IntegerInRange(0, 60_000),
  BV_API_TOKENS: BvApiTokensCodec,
  BV_PART_SIZE_BYTES: IntegerInRange(1024, 5 * 1024 ** 3),
  BV_MIN_PART_SIZE_BYTES: IntegerInRange(1, 5 * 1024 ** 3),
  BV_MAX_PART_SIZE_BYTES: IntegerInRange(1024, Number.MAX_SAFE_INTEGER),
  BV_DOWNLOAD_URL_TTL_SECONDS: IntegerInRange(1, 7 * 24 * 3600),
  BV_UPLOAD_TTL_SECONDS: IntegerInRange(60, 7 * 24 * 3600),
  RATE_LIMIT_PER_SECOND: IntegerInRange(0, 1_000_000),
  RATE_LIMIT_BURST: IntegerInRange(1, 10_000_000),
});
export type ConfigVariables = t.TypeOf<typeof ConfigVariables>;

const variableNames = new Set(Object.keys(ConfigVariables.props));

/** One line per bad value, naming the variable (and the place inside it), what it must be and what it was. */
const describeErrors = (errors: t.Errors, origin: (name: string) => string): string[] => {
  const lines = errors.map((error) => {
    const name = error.context[1]?.key ?? '?';
    const inner = error.context
      .slice(2)
      .map((entry) => entry.key)
      .filter((key) => key !== '' && !/^\d+$/.test(key))
      .join('.');
    const indices = error.context.slice(2).filter((entry) => /^\d+$/.test(entry.key));
    const where = `${name}${indices.length > 0 ? `[${indices.map((e) => e.key).join('][')}]` : ''}${inner !== '' ? `.${inner}` : ''}`;
    const expected = error.context[error.context.length - 1]?.type.name ?? 'a valid value';
    const shown = JSON.stringify(error.value) ?? 'nothing';
    const detail = error.message ?? `must be ${expected}`;
    return `${where}${origin(name)}: ${detail} (got ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown})`;
  });
  return [...new Set(lines)];
};

const readConfigFile = (file: string): E.Either<string[], Record<string, unknown>> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    return E.left([`CONFIG_FILE: cannot read ${file} as JSON (${(error as Error).message})`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return E.left([`CONFIG_FILE: ${file} must hold a JSON object keyed by variable name`]);
  }
  const unknown = Object.keys(parsed).filter((key) => !variableNames.has(key));
  return unknown.length > 0
    ? E.left(unknown.map((key) => `CONFIG_FILE: unknown setting ${key} in ${file}`))
    : E.right(parsed as Record<string, unknown>);
};

const DEFAULTS = {
  PORT: 8080,
  HOST: '127.0.0.1',
  DATA_DIR: './data',
  SESSION_TIMEOUT_SECONDS: 300,
  EXPIRY_SWEEP_INTERVAL_SECONDS: 15,
  LOGIN_IDLE_TIMEOUT_SECONDS: 1800,
  UPLOAD_URL_TTL_SECONDS: 3600,
  BODY_LIMIT_BYTES: 1024 * 1024,
  MAX_UPLOAD_BYTES: 1024 ** 4,
  COMMAND_RETRIES: 5,
  // Streams whose folded state the command path keeps (a few KiB each at most): the active sessions and
  // their items of a busy instance fit.
  STREAM_CACHE_SIZE: 10_000,
  SHUTDOWN_GRACE_SECONDS: 10,
  LOG_LEVEL: 'info',
  LOG_FORMAT: 'json',
  READ_YOUR_WRITES_TIMEOUT_MS: 5000,
  // BlendVision hands out one part URL for a file up to 100 MB; S3's part limits are 5 MiB and 5 GiB.
  BV_PART_SIZE_BYTES: 100 * 1024 * 1024,
  BV_MAX_PART_SIZE_BYTES: 5 * 1024 ** 3,
  // As long as the vendor's download links (X-Amz-Expires=86400 in its example).
  BV_DOWNLOAD_URL_TTL_SECONDS: 24 * 3600,
  BV_UPLOAD_TTL_SECONDS: 6 * 3600,
  // High enough for busy automation (and the test suites) on one principal; a flood still gets 429.
  RATE_LIMIT_PER_SECOND: 1000,
  RATE_LIMIT_BURST: 2000,
} as const;

/**
 * Reads the configuration from the environment and, when CONFIG_FILE names one, a JSON file
 * (the environment wins). Left: one message per bad value, each naming its variable.
 */
export const loadConfig = (
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): E.Either<string[], AppConfig> => {
  const fromEnv: Record<string, unknown> = {};
  for (const name of variableNames) {
    const value = env[name];
    if (value !== undefined && value !== '') fromEnv[name] = value;
  }
  const configFile = env['CONFIG_FILE'];
  const file =
    configFile !== undefined && configFile !== ''
      ? readConfigFile(path.resolve(cwd, configFile))
      : E.right({});
  if (E.isLeft(file)) return file;

  const raw = { ...file.right, ...fromEnv };
  const origin = (name: string): string => (name in fromEnv || !(name in raw) ? '' : ` (in CONFIG_FILE)`);
  const decoded = ConfigVariables.decode(raw);
  if (E.isLeft(decoded)) return E.left(describeErrors(decoded.left, origin));
  const v = { ...DEFAULTS, ...decoded.right };

  // Unset: S3's 5 MiB, or half the part size when that is smaller (see checkPartSizes).
  const minPartSize =
    v.BV_MIN_PART_SIZE_BYTES ?? Math.min(5 * 1024 * 1024, Math.floor(v.BV_PART_SIZE_BYTES / 2));
  const partSizes = checkPartSizes(v.BV_PART_SIZE_BYTES, minPartSize, v.BV_MAX_PART_SIZE_BYTES);
  if (partSizes.length > 0) return E.left(partSizes);

  const dataDir = path.resolve(cwd, v.DATA_DIR);
  return E.right({
    port: v.PORT,
    host: v.HOST,
    dataDir,
    contentDir:
      v.CONTENT_DIR !== undefined ? path.resolve(cwd, v.CONTENT_DIR) : path.join(dataDir, 'content'),
    eventStore:
      v.KURRENTDB_CONNECTION_STRING !== undefined
        ? { kind: 'kurrentdb', connectionString: v.KURRENTDB_CONNECTION_STRING }
        : { kind: 'sqlite', path: path.join(dataDir, 'events.sqlite') },
    sessionTimeoutSeconds: v.SESSION_TIMEOUT_SECONDS,
    expirySweepIntervalSeconds: v.EXPIRY_SWEEP_INTERVAL_SECONDS,
    loginIdleTimeoutSeconds: v.LOGIN_IDLE_TIMEOUT_SECONDS,
    users: v.USERS ?? [],
    // Without a configured secret the upload URIs handed out stop working after a restart.
    uploadUrlSecret:
      v.UPLOAD_URL_SECRET !== undefined ? Buffer.from(v.UPLOAD_URL_SECRET, 'utf8') : randomBytes(32),
    uploadUrlSecretGenerated: v.UPLOAD_URL_SECRET === undefined,
    uploadUrlTtlSeconds: v.UPLOAD_URL_TTL_SECONDS,
    publicBaseUrl: v.PUBLIC_BASE_URL,
    bodyLimitBytes: v.BODY_LIMIT_BYTES,
    maxUploadBytes: v.MAX_UPLOAD_BYTES,
    commandRetries: v.COMMAND_RETRIES,
    streamCacheSize: v.STREAM_CACHE_SIZE,
    shutdownGraceSeconds: v.SHUTDOWN_GRACE_SECONDS,
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT,
    readYourWritesTimeoutMs: v.READ_YOUR_WRITES_TIMEOUT_MS,
    bvApiTokens: v.BV_API_TOKENS ?? [],
    bvPartSizeBytes: v.BV_PART_SIZE_BYTES,
    bvMinPartSizeBytes: minPartSize,
    bvMaxPartSizeBytes: v.BV_MAX_PART_SIZE_BYTES,
    bvDownloadUrlTtlSeconds: v.BV_DOWNLOAD_URL_TTL_SECONDS,
    bvUploadTtlSeconds: v.BV_UPLOAD_TTL_SECONDS,
    rateLimitPerSecond: v.RATE_LIMIT_PER_SECOND,
    rateLimitBurst: v.RATE_LIMIT_BURST,
  });
};

/**
 * Clients slice a file by the part count (`ceil(size / count)` bytes each), which makes every part but
 * the last more than half the part size: with a minimum of at most half, such slices always complete.
 */
const checkPartSizes = (partSize: number, minPartSize: number, maxPartSize: number): string[] => [
  ...(minPartSize * 2 > partSize
    ? [`BV_MIN_PART_SIZE_BYTES: must be at most half of BV_PART_SIZE_BYTES (${partSize}), got ${minPartSize}`]
    : []),
  ...(maxPartSize < partSize
    ? [`BV_MAX_PART_SIZE_BYTES: must be at least BV_PART_SIZE_BYTES (${partSize}), got ${maxPartSize}`]
    : []),
];
