import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { HealthController } from './health.controller';

/** `GET /health` and `GET /health/ready`. */
@Module({})
export class HealthModule {
  /** `probes`: the modules providing READINESS_PROBE (the read side's projections), imported here. */
  static forRoot(probes: readonly (Type | DynamicModule)[]): DynamicModule {
    return { module: HealthModule, imports: [...probes], controllers: [HealthController] };
  }
}
