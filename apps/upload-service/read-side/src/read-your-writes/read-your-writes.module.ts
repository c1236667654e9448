import { Global, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import {
  DIALECT_ERROR_RENDERERS,
  type DialectErrorRenderer,
} from '@upload-sessions/service-core/http/dialect-http-error';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { ProjectionRunner } from '../projections/runner/projection-runner';
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
 * wraps the store with, and the projection runner as its position source), and the HTTP hooks that carry positions in `X-Upload-Sessions-Position`.
 */
@Global()
@Module({
  providers: [
    {
      provide: ReadGate,
      inject: [ProjectionRunner, WriteTracker, JsonLogger, READ_YOUR_WRITES_CONFIG],
      // After the bound: 503 for a position asked by header, the read models as they are otherwise.
      useFactory: (
        runner: ProjectionRunner,
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
})
export class ReadYourWritesModule {}
