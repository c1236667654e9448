import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { AuditAuthGuard } from '../audit/audit-auth.guard';
import { TransferRegistry } from '@upload-sessions/service-core/content/transfer-registry';
import { ReadModelDatabase } from '../projections/read-model-database';
import { ProjectionRunner } from '../projections/runner/projection-runner';
import { OperationsController } from './operations.controller';
import { OperationsQueries } from './operations-queries';
import { UiAssets } from './ui-assets';
import { UiController } from './ui.controller';

/** The operations page at `/ui` and the read-model JSON it reads under `/audit/organizations/{org}/operations`. */
@Module({})
export class OperationsModule {
  /** `readSide`: the module providing the read-model database, its runner and ReadModels. */
  static forRoot(readSide: Type | DynamicModule): DynamicModule {
    return {
      module: OperationsModule,
      imports: [readSide],
      controllers: [OperationsController, UiController],
      providers: [
        {
          provide: OperationsQueries,
          // After the runner: it creates the tables the queries are prepared against.
          inject: [ReadModelDatabase, TransferRegistry, ProjectionRunner],
          useFactory: (database: ReadModelDatabase, transfers: TransferRegistry) =>
            new OperationsQueries(database.reader, transfers),
        },
        { provide: UiAssets, useFactory: () => UiAssets.beside(__dirname) },
        AuditAuthGuard,
      ],
    };
  }
}
