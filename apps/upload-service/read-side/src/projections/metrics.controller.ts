import { Controller, Get, Header, Inject, Optional } from '@nestjs/common';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '@upload-sessions/service-core/application/tokens';
import { ReadGate } from '../read-your-writes/read-gate';
import { EXTRA_METRICS, prometheusText, type ExtraMetrics } from './metrics';
import { projectionReport } from './projection-status';
import { ProjectionRunner } from './runner/projection-runner';

/** `GET /metrics`: projection positions and lag for Prometheus. No authentication, like /health. */
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ReadGate) private readonly gate: ReadGate,
    @Optional() @Inject(EXTRA_METRICS) private readonly extra?: ExtraMetrics,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    const text = prometheusText(await projectionReport(this.runner, this.store), this.gate.stats);
    return this.extra === undefined ? text : `${text}${this.extra()}`;
  }
}
