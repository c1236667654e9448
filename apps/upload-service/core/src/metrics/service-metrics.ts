import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Process metrics (heap, GC, event-loop lag, CPU, handles) are the process's, not an app's: one
 * registry for them, filled once, however many apps a process builds (the tests build dozens).
 */
let processRegistry: Registry | undefined;
const processMetrics = (): Registry => {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
};

/**
 * The service's own Prometheus series, on a registry per app. Labels are bounded: route templates
 * (never ids), methods, statuses, dialects.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route template (never ids), status and dialect, and how long they took.',
    labelNames: ['method', 'route', 'status', 'dialect'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly bytesReceived = new Counter({
    name: 'upload_sessions_upload_bytes_received_total',
    help: 'Bytes of uploaded content received (vSphere PUSH uploads and BlendVision parts), kept or not.',
    registers: [this.registry],
  });

  readonly uploadsInFlight = new Gauge({
    name: 'upload_sessions_uploads_in_flight',
    help: 'Content transfers being received right now.',
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'upload_sessions_event_store_append_duration_seconds',
    help: 'Event-store appends by outcome (ok, conflict, unavailable) and how long they took.',
    labelNames: ['outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly appendBatchSize = new Histogram({
    name: 'upload_sessions_event_store_append_batch_size',
    help: 'Events per append.',
    buckets: [1, 2, 3, 5, 10, 20, 50, 100],
    registers: [this.registry],
  });

  readonly commandConflicts = new Counter({
    name: 'upload_sessions_command_conflicts_total',
    help: 'Commands whose append lost an optimistic-concurrency race (the stream moved since it was read).',
    registers: [this.registry],
  });

  readonly commandRetries = new Counter({
    name: 'upload_sessions_command_retries_total',
    help: 'Appends made again on a stream after losing a race on it: a command deciding again on the new state.',
    registers: [this.registry],
  });

  /** The Prometheus text of the process and the app series. */
  async text(): Promise<string> {
    return `${await processMetrics().metrics()}\n${await this.registry.metrics()}`;
  }
}
