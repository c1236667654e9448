import { Inject, Injectable, Module, type DynamicModule, type OnModuleInit, type Type } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import {
  DIALECT_ERROR_RENDERERS,
  type DialectErrorRenderer,
} from '@upload-sessions/service-core/http/dialect-http-error';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { POSITION_SOURCE, type PositionSource } from './position-source';
import { ReadGate } from './read-gate';
import { registerReadYourWrites } from './register-read-your-writes';
import { WriteTracker } from '@upload-sessions/service-core/read-your-writes/write-tracker';
import { READ_YOUR_WRITES_CONFIG, type ReadYourWritesConfig } from './read-your-writes-config';

/** Adds the hooks to Fastify while the application initialises (before it listens). */
@Injectable()
class ReadYourWritesHooks implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(WriteTracker) private readonly tracker: WriteTracker,
    @Inject(ReadGate) private readonly gate: ReadGate,
  ) {}

  onModuleInit(): void {
    // The application layer without HTTP (handler specs) has no adapter: nothing to hook.
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    if (adapter === undefined) return;
    const fastify = adapter.getInstance<FastifyInstance>();
    let renderers: readonly DialectErrorRenderer[] = [];
    try {
      renderers = this.moduleRef.get<readonly DialectErrorRenderer[]>(DIALECT_ERROR_RENDERERS, {
        strict: false,
      });
    } catch {
      // No dialect renders errors (a test module): plain JSON errors.
    }
    registerReadYourWrites(fastify, { tracker: this.tracker, gate: this.gate, renderers });
  }
}

/**
 * Read-your-writes: the gate read-model queries pass (over the WriteTracker core's EventStoreModule
 * wraps the store with, and a POSITION_SOURCE), and the HTTP hooks that carry positions in
 * `X-Upload-Sessions-Position`.
 */
@Module({})
export class ReadYourWritesModule {
  /** `positions`: the module that provides POSITION_SOURCE (the projections'), imported here. */
  static forRoot(positions: Type | DynamicModule): DynamicModule {
    return {
      module: ReadYourWritesModule,
      imports: [positions],
      providers: [
        {
          provide: ReadGate,
          inject: [POSITION_SOURCE, WriteTracker, JsonLogger, READ_YOUR_WRITES_CONFIG],
          // After the bound: 503 for a position asked by header, the read models as they are otherwise.
          useFactory: (
            runner: PositionSource,
            tracker: WriteTracker,
            logger: JsonLogger,
            config: ReadYourWritesConfig,
          ) =>
            new ReadGate(runner, tracker, config.timeoutMs, (message, fields) =>
              logger.entry('warn', message, fields),
            ),
        },
        ReadYourWritesHooks,
      ],
      exports: [ReadGate],
    };
  }
}
