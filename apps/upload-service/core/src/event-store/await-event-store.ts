import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import type { EventStoreConnection, KurrentDbStartupConfig } from './event-store-config';
import type { JsonLogger } from '../logging/json-logger';
import { kurrentDbAdapter } from './kurrentdb-adapter';

export class EventStoreUnreachableAtStart extends Error {}

/** Whether the store answered at start: a degraded start does not wait for the read models to catch up. */
export class EventStoreStartState {
  degraded = false;
}

/**
 * At start, waits a bounded time for a KurrentDB node to answer. Unreachable: one line naming the node
 * and the connection string (password masked), then either the start goes on degraded (readiness says
 * 503 until the node answers; the client reconnects by itself) or it fails with that line (`exit`).
 * The embedded store opened or failed already: nothing to wait for.
 */
export const awaitEventStore = async (
  store: EventStore,
  config: EventStoreConnection,
  startup: KurrentDbStartupConfig,
  logger: JsonLogger,
): Promise<'up' | 'degraded'> => {
  if (config.kind !== 'kurrentdb') return 'up';
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve(`no answer within ${startup.waitSeconds} s`),
      startup.waitSeconds * 1000,
    );
  });
  const answer = store.headPosition().then((head) => (E.isLeft(head) ? head.left.message : undefined));
  const problem = await Promise.race([answer, deadline]).finally(() => clearTimeout(timer));
  if (problem === undefined) return 'up';
  const { nodesOf, redactConnectionString } = kurrentDbAdapter();
  const node = nodesOf(config.connectionString);
  const fields = {
    node,
    connectionString: redactConnectionString(config.connectionString),
    waitedSeconds: startup.waitSeconds,
    startup: startup.mode,
    error: problem,
  };
  const line =
    `KurrentDB unreachable at ${node} (${fields.connectionString}): ${problem}; ` +
    (startup.mode === 'exit'
      ? 'exiting (KURRENTDB_STARTUP=exit)'
      : 'starting degraded: not ready (503) until it answers (KURRENTDB_STARTUP=degraded)');
  if (startup.mode === 'exit') throw new EventStoreUnreachableAtStart(line);
  logger.entry('error', line, fields);
  return 'degraded';
};
