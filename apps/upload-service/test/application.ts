import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DynamicModule, ModuleMetadata } from '@nestjs/common';
import { ReadSideModule } from '@upload-sessions/read-side/read-side.module';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import * as E from 'fp-ts/Either';
import { InMemoryEventStore, type EventStore, type RecordedEvent } from '@upload-sessions/event-store';
import { ApplicationModule } from '../src/app/application.module';
import { EVENT_STORE } from '@upload-sessions/service-core/application/tokens';
import { loadServiceConfig } from '../src/app/service-config';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import { CreateLibraryItemCommand } from '@upload-sessions/dialect-vsphere/library/create-library-item/create-library-item.command';
import { CreateLocalLibraryCommand } from '@upload-sessions/dialect-vsphere/library/create-local-library/create-local-library.command';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { WriteTracker } from '@upload-sessions/service-core/read-your-writes/write-tracker';
import { StartUploadSessionCommand } from '@upload-sessions/dialect-vsphere/sessions/start/start-upload-session.command';

/** A user of an organization, as the HTTP layer would pass it on. */
export const contextOf = (
  organizationId: string,
  user = 'alice',
  correlationId = 'corr-1',
): CommandContext => ({
  actor: { id: user, kind: 'user' },
  organizationId,
  correlationId,
  causationId: 'request-1',
});

/**
 * The application layer without HTTP: the real Nest module graph and handlers on the command and
 * query buses, over the InMemoryEventStore, real content files in a temporary folder and a clock the
 * test moves.
 */
export const startApplication = async (
  env: Record<string, string> = {},
  /** Wraps the in-memory store before the app sees it (e.g. to count its calls). */
  wrapStore: (store: EventStore) => EventStore = (store) => store,
  /** More modules beside the application layer (e.g. a dialect's, given the application's read side). */
  extra: {
    readonly imports?: (readSide: DynamicModule) => NonNullable<ModuleMetadata['imports']>;
  } = {},
) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'upload-service-app-'));
  const config = loadServiceConfig({ DATA_DIR: dataDir, ...env });
  if (E.isLeft(config)) throw new Error(config.left.join('\n'));
  let now = Date.parse('2026-03-01T10:00:00.000Z');
  const clock = () => new Date(now);
  const store = new InMemoryEventStore();
  const logger = new JsonLogger('error', () => undefined);
  const application = ApplicationModule.forRoot({ config: config.right, logger, clock });
  // The read side the application built, for extra modules to read through (one read side, as in the service).
  const readSide = application.imports?.find(
    (imported): imported is DynamicModule =>
      typeof imported === 'object' && 'module' in imported && imported.module === ReadSideModule,
  );
  const moduleRef = await Test.createTestingModule({
    imports: [application, ...(readSide !== undefined ? (extra.imports?.(readSide) ?? []) : [])],
  })
    .overrideProvider(EVENT_STORE)
    // Tracked as the real provider does, so queries wait for the read models to reach the commands' writes.
    .useFactory({ factory: (writes: WriteTracker) => writes.track(wrapStore(store)), inject: [WriteTracker] })
    .compile();
  await moduleRef.init();
  const commands = moduleRef.get(CommandBus);
  const queries = moduleRef.get(QueryBus);

  const unwrap = <A>(result: E.Either<unknown, A>): A => {
    if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
    return result.right;
  };

  return {
    config: config.right,
    contentDir: config.right.content.contentDir,
    store,
    commands,
    queries,
    moduleRef,
    unwrap,
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
    events: async (streamName: string): Promise<readonly RecordedEvent[]> => {
      const read = await store.readStream(streamName);
      return E.isRight(read) ? read.right : [];
    },
    createItem: async (context: CommandContext): Promise<string> => {
      const { libraryId } = unwrap(
        await commands.execute(
          new CreateLocalLibraryCommand(context, `lib-${now}-${Math.random()}`, '', null),
        ),
      );
      const { libraryItemId } = unwrap(
        await commands.execute(
          new CreateLibraryItemCommand(context, libraryId, `item-${Math.random()}`, '', 'iso', null),
        ),
      );
      return libraryItemId;
    },
    startSession: async (context: CommandContext, itemId: string): Promise<string> =>
      unwrap(await commands.execute(new StartUploadSessionCommand(context, itemId, null, []))).sessionId,
    close: async () => {
      await moduleRef.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

export type Application = Awaited<ReturnType<typeof startApplication>>;
