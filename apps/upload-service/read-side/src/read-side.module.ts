import { Module, type DynamicModule } from '@nestjs/common';
import type { ReadModel } from '@upload-sessions/service-core/dialect/read-model';
import { ProjectionsModule } from './projections/projections.module';
import { ReadModelQueries } from './projections/queries/read-model-queries';
import { ReadModels } from './projections/read-models';
import { ReadGate } from './read-your-writes/read-gate';
import { ReadYourWritesModule } from './read-your-writes/read-your-writes.module';

/**
 * What readers import: the projections (runner, database, queries and the ports they implement),
 * read-your-writes over their position, and the session queries behind its gate (`ReadModels`).
 * The composition root builds it once and hands it to each module that reads (the dialects too).
 */
@Module({})
export class ReadSideModule {
  /** `readModels`: every read model the service keeps (the sessions' and the dialects'), in the order they apply an event. */
  static forRoot(readModels: readonly ReadModel[]): DynamicModule {
    const projections = ProjectionsModule.forRoot(readModels);
    const readYourWrites = ReadYourWritesModule.forRoot(projections);
    return {
      module: ReadSideModule,
      imports: [projections, readYourWrites],
      providers: [
        {
          provide: ReadModels,
          inject: [ReadGate, ReadModelQueries],
          useFactory: (gate: ReadGate, queries: ReadModelQueries) => new ReadModels(gate, queries),
        },
      ],
      exports: [ReadModels, projections, readYourWrites],
    };
  }
}
