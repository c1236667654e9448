import { Controller, Get, Header, Inject, Optional } from '@nestjs/common';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '@upload-sessions/service-core/application/tokens';
import { ServiceMetrics } from '@upload-sessions/service-core/metrics/service-metrics';
import { ReadGate } from '../read-your-writes/read-gate';
import { EXTRA_METRICS, prometheusText, type ExtraMetrics } from './metrics';
import { projectionReport } from './projection-status';
import { ProjectionRunner } from './runner/projection-runner';

/**
 * `GET /metrics`: projection positions and lag, clean-up and read-your-writes counters, then the
 * process and request/upload/event-store series of ServiceMetrics, for Prometheus. No authentication, like /health. */
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ReadGate) private readonly gate: ReadGate,
    @Inject(ServiceMetrics) private readonly service: ServiceMetrics,
    @Optional() @Inject(EXTRA_METRICS) private readonly extra?: ExtraMetrics,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    const text = prometheusText(await projectionReport(this.runner, this.store), this.gate.stats);
    const service = await this.service.text();
    return `${text}${this.extra === undefined ? '' : this.extra()}${service}\n`;
  }
}
