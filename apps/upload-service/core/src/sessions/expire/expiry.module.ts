import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ExpirySweeper } from './expiry-sweeper';

/** The periodic expiry sweep: it expires the sessions EXPIRED_SESSIONS_SOURCE nominates, through the bus. */
@Module({})
export class ExpiryModule {
  /** `source`: the module providing EXPIRED_SESSIONS_SOURCE (the read side's projections), imported here. */
  static forRoot(source: Type | DynamicModule): DynamicModule {
    return {
      module: ExpiryModule,
      imports: [CqrsModule, source],
      providers: [ExpirySweeper],
      exports: [ExpirySweeper],
    };
  }
}
