import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** `GET /metrics`. */
@Module({})
export class MetricsModule {
  /**
   * `sources`: the read side (projection runner, read-your-writes gate) and the modules adding series
   * of their own (EXTRA_METRICS: the clean-up's counters).
   */
  static forRoot(sources: readonly (Type | DynamicModule)[]): DynamicModule {
    return { module: MetricsModule, imports: [...sources], controllers: [MetricsController] };
  }
}
