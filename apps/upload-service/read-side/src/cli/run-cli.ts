import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import type { AuditError } from '../audit/audit-error';
import { auditEventJson, type AuditEvent } from '../audit/audit-event';
import { parseOrganizationQuery } from '../audit/audit-query';
import { AuditTrail, auditedStreamPrefixes } from '../audit/audit-trail';
import type { EventStoreConfig } from '@upload-sessions/service-core/event-store/event-store-config';
import {
  describeEventStore,
  openEventStore,
} from '@upload-sessions/service-core/event-store/open-event-store';
import { ReadModelDatabase } from '../projections/read-model-database';
import type { ReadModel } from '@upload-sessions/service-core/dialect/read-model';
import { progressBar } from '../projections/rebuild/progress-bar';
import { rebuildReadModels } from '../projections/rebuild/rebuild-read-models';
import { Checkpoints } from '../projections/runner/checkpoints';
import { distance } from '../projections/position-distance';
import { readModelsPath } from '../projections/read-models-path';
import type { ReadModelsConfig } from '../projections/read-models-config';
import { auditColumns, auditTable } from './audit-table';
import type { CliOutput } from './cli-output';

export const USAGE = `Usage: upload-sessions <command>

  audit session <session-id> [--org <organization>] [--json]
      Every event of one upload session, in order.
  audit org <organization> [--since <time>] [--until <time>] [--type <EventType>]...
                           [--actor <id>] [--correlation-id <id>] [--limit <n>] [--json]
      The organization's events, oldest first. Times are ISO-8601 or a duration ago (15m, 24h, 7d).
  rebuild [--batch-size <n>]
      Replays the event log into fresh read models beside the live ones (a running service keeps
      answering from those) and swaps them in at the end. Progress goes to stderr.
  status
      Each read model's position and how far it is behind the head of the log.

  hash-password [<password>]
      Prints the scrypt hash for a USERS entry's passwordHash; without <password>, reads it from stdin.

Reads the same configuration as the service (DATA_DIR, KURRENTDB_CONNECTION_STRING, CONFIG_FILE, ...)
and says on stderr which event store it opened. It refuses to create an empty store where none is
(a DATA_DIR relative to another folder than the service's): --create allows it.
--json prints one JSON object per line. --version prints the version, --help this text.
`;

/** Exit codes: 0 done, 1 failed, 2 bad usage or configuration, 3 nothing found. */
export type ExitCode = 0 | 1 | 2 | 3;

const describeAuditError = (error: AuditError): [ExitCode, string] => {
  switch (error._tag) {
    case 'AuditSessionNotFound':
      return [3, `no session ${error.sessionId}`];
    case 'InvalidAuditQuery':
      return [2, error.message];
    case 'AuditStoreUnavailable':
      return [1, `the event store is not available: ${error.message}`];
  }
};

/** The version of the upload-service package: its package.json, the first one above this file. */
export const cliVersion = (): string => {
  for (let dir = __dirname, up = 0; up < 6; dir = path.dirname(dir), up++) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '';
  }
  return 'unknown';
};

/** Global flags, taken out before a command parses its own. */
interface GlobalFlags {
  /** Whether an empty event store may be created where none exists. */
  readonly create: boolean;
}

const withStore = async (
  config: CliConfig,
  io: CliOutput,
  flags: GlobalFlags,
  work: (store: EventStore) => Promise<ExitCode>,
): Promise<ExitCode> => {
  // A CLI run from another folder than the service's would silently open (and create) an empty store.
  if (
    config.eventStore.connection.kind === 'sqlite' &&
    !flags.create &&
    !existsSync(config.eventStore.connection.path)
  ) {
    io.err.write(
      `no event store at ${config.eventStore.connection.path}: run the CLI where the service runs (./dev cli from the repository),\n` +
        `set DATA_DIR to the service's data folder, or pass --create to start an empty store there
`,
    );
    return 2;
  }
  io.err.write(`event store: ${describeEventStore(config.eventStore.connection)}\n`);
  const opened = await openEventStore(config.eventStore.connection);
  if (E.isLeft(opened)) {
    io.err.write(`${opened.left}\n`);
    return 1;
  }
  try {
    return await work(opened.right);
  } finally {
    await opened.right.close();
  }
};

const withReadModels = (
  config: CliConfig,
  io: CliOutput,
  work: (db: ReadModelDatabase) => Promise<ExitCode>,
): Promise<ExitCode> => {
  const opened = ReadModelDatabase.open({ path: readModelsPath(config.readModels.dataDir) });
  if (E.isLeft(opened)) {
    io.err.write(`${opened.left.message}\n`);
    return Promise.resolve(1);
  }
  return work(opened.right).finally(() => opened.right.close());
};

const auditSession = async (
  readModels: readonly ReadModel[],
  config: CliConfig,
  io: CliOutput,
  args: string[],
  flags: GlobalFlags,
): Promise<ExitCode> => {
  const { values, positionals } = parseArgs({
    args,
    options: { org: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  const [sessionId] = positionals;
  if (sessionId === undefined || positionals.length !== 1) {
    io.err.write(USAGE);
    return 2;
  }
  return withStore(config, io, flags, async (store) => {
    const history = await new AuditTrail(store, auditedStreamPrefixes(readModels)).sessionHistory(
      sessionId,
      values.org,
    );
    if (E.isLeft(history)) {
      const [code, message] = describeAuditError(history.left);
      io.err.write(`${message}\n`);
      return code;
    }
    if (values.json === true) {
      for (const event of history.right.events) io.out(`${JSON.stringify(auditEventJson(event))}\n`);
    } else {
      io.out(
        `session ${history.right.sessionId}, organization ${history.right.organizationId}, ${history.right.events.length} events\n\n`,
      );
      io.out(auditTable(history.right.events, auditColumns(false)));
    }
    return 0;
  });
};

const auditOrganization = async (
  readModels: readonly ReadModel[],
  config: CliConfig,
  io: CliOutput,
  args: string[],
  flags: GlobalFlags,
): Promise<ExitCode> => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      since: { type: 'string' },
      until: { type: 'string' },
      type: { type: 'string', multiple: true },
      actor: { type: 'string' },
      'correlation-id': { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const [organizationId] = positionals;
  if (organizationId === undefined || positionals.length !== 1) {
    io.err.write(USAGE);
    return 2;
  }
  const total = values.limit === undefined ? Infinity : Number(values.limit);
  if (!(total === Infinity || (Number.isInteger(total) && total > 0))) {
    io.err.write('--limit: a positive integer\n');
    return 2;
  }
  const raw = {
    ...(values.since !== undefined ? { since: values.since } : {}),
    ...(values.until !== undefined ? { until: values.until } : {}),
    ...(values.type !== undefined ? { type: values.type } : {}),
    ...(values.actor !== undefined ? { actor: values.actor } : {}),
    ...(values['correlation-id'] !== undefined ? { correlation_id: values['correlation-id'] } : {}),
  };
  const parsed = parseOrganizationQuery(organizationId, raw);
  if (E.isLeft(parsed)) {
    io.err.write(`${describeAuditError(parsed.left)[1]}\n`);
    return 2;
  }
  return withStore(config, io, flags, async (store) => {
    const trail = new AuditTrail(store, auditedStreamPrefixes(readModels));
    const found: AuditEvent[] = [];
    let after = parsed.right.after;
    // Follow the pages to the end (or to --limit): the CLI prints the whole answer.
    while (found.length < total) {
      const page = await trail.organizationEvents({
        ...parsed.right,
        ...(after !== undefined ? { after } : {}),
        limit: Math.min(1000, total - found.length),
      });
      if (E.isLeft(page)) {
        const [code, message] = describeAuditError(page.left);
        io.err.write(`${message}\n`);
        return code;
      }
      if (values.json === true)
        for (const event of page.right.events) io.out(`${JSON.stringify(auditEventJson(event))}\n`);
      found.push(...page.right.events);
      if (page.right.next === null) break;
      after = page.right.next;
    }
    if (values.json !== true) {
      io.out(`organization ${organizationId}, ${found.length} events\n\n`);
      io.out(auditTable(found, auditColumns(true)));
    }
    return 0;
  });
};

const rebuild = async (
  readModels: readonly ReadModel[],
  config: CliConfig,
  io: CliOutput,
  args: string[],
  flags: GlobalFlags,
): Promise<ExitCode> => {
  const { values } = parseArgs({ args, options: { 'batch-size': { type: 'string' } } });
  const batchSize = values['batch-size'] === undefined ? 1000 : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    io.err.write('--batch-size: a positive integer\n');
    return 2;
  }
  return withStore(config, io, flags, (store) =>
    withReadModels(config, io, async (database) => {
      io.err.write(
        `rebuilding ${readModels.map((m) => m.name).join(', ')} from ${describeEventStore(config.eventStore.connection)} into ${database.path}\n`,
      );
      const result = await rebuildReadModels({
        store,
        database,
        readModels,
        batchSize,
        onProgress: progressBar(io.err),
      });
      if (E.isLeft(result)) {
        io.err.write(`rebuild failed, the live read models are unchanged: ${result.left}\n`);
        return 1;
      }
      const { events, position, elapsedMs } = result.right;
      const rate = elapsedMs > 0 ? Math.round((events / elapsedMs) * 1000) : events;
      io.out(
        `rebuilt ${events} events up to ${position ?? '(empty log)'} in ${(elapsedMs / 1000).toFixed(1)} s (${rate} events/s); swapped in\n`,
      );
      return 0;
    }),
  );
};

const status = async (
  readModels: readonly ReadModel[],
  config: CliConfig,
  io: CliOutput,
  flags: GlobalFlags,
): Promise<ExitCode> =>
  withStore(config, io, flags, (store) =>
    withReadModels(config, io, async (database) => {
      const head = await store.headPosition();
      const headPosition = E.isRight(head) ? (head.right ?? null) : null;
      const checkpoints = new Checkpoints(database.writer);
      io.out(`head of the log: ${headPosition ?? '(empty)'}\n`);
      for (const model of readModels) {
        const checkpoint = checkpoints.read(model.name);
        const lag =
          checkpoint === undefined ? 'not built' : `${distance(checkpoint.position, headPosition)} behind`;
        io.out(`${model.name.padEnd(16)} ${(checkpoint?.position ?? '-').padEnd(42)} ${lag}\n`);
      }
      return 0;
    }),
  );

/** `hash-password [<password>]`: the password as an argument, or read from stdin (said on stderr). */
const hashPasswordCommand = async (
  hashPassword: (password: string) => Promise<string>,
  io: CliOutput,
  args: string[],
): Promise<ExitCode> => {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
  if (positionals.length > 1) {
    io.err.write('hash-password: one password at most (quote it)\n');
    return 2;
  }
  let password = positionals[0];
  if (password === undefined) {
    io.err.write('hash-password: reading the password from stdin (end it with Enter, or Ctrl-D)\n');
    password = (await io.readStdin()).replace(/\r?\n$/, '');
  }
  if (password === '') {
    io.err.write('hash-password: the password is empty\n');
    return 2;
  }
  io.out(`${await hashPassword(password)}\n`);
  return 0;
};

/** The slices of the service's configuration the CLI reads. */
export interface CliConfig {
  readonly eventStore: EventStoreConfig;
  readonly readModels: ReadModelsConfig;
}

export interface CliServices {
  readonly readModels: readonly ReadModel[];
  readonly hashPassword: (password: string) => Promise<string>;
  /** The service's own configuration loading (every slice: a bad value anywhere is refused as the service would). */
  readonly loadConfig: (env: NodeJS.ProcessEnv) => E.Either<string[], CliConfig>;
}

/** Runs one CLI command with the given environment; returns the exit code. */
export const runCli = async (
  /** What the composition root knows: every read model (the dialects' too), vSphere's password hash, the configuration's slices. */
  { readModels, hashPassword, loadConfig }: CliServices,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliOutput,
): Promise<ExitCode> => {
  if (argv.includes('--version') || argv[0] === 'version') {
    io.out(`${cliVersion()}\n`);
    return 0;
  }
  const flags: GlobalFlags = { create: argv.includes('--create') };
  const [command, sub, ...rest] = argv.filter((arg) => arg !== '--create');
  if (command === undefined || command === 'help' || argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    if (command === 'hash-password')
      return await hashPasswordCommand(hashPassword, io, sub === undefined ? rest : [sub, ...rest]);
  } catch (error) {
    io.err.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const config = loadConfig(env);
  if (E.isLeft(config)) {
    io.err.write(`Invalid configuration:\n${config.left.map((line) => `  ${line}`).join('\n')}\n`);
    return 2;
  }
  try {
    if (command === 'audit' && sub === 'session')
      return await auditSession(readModels, config.right, io, rest, flags);
    if (command === 'audit' && (sub === 'org' || sub === 'organization'))
      return await auditOrganization(readModels, config.right, io, rest, flags);
    if (command === 'rebuild')
      return await rebuild(readModels, config.right, io, sub === undefined ? rest : [sub, ...rest], flags);
    if (command === 'status') return await status(readModels, config.right, io, flags);
  } catch (error) {
    // parseArgs refuses unknown options by throwing; everything else is unexpected.
    const message = error instanceof Error ? error.message : String(error);
    io.err.write(`${message}\n`);
    return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')
      ? 2
      : 1;
  }
  io.err.write(USAGE);
  return 2;
};
