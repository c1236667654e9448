import type { ReadGateStats } from '../read-your-writes/read-gate';
import { positionCounter } from './position-distance';
import type { ProjectionReport } from './projection-status';

/** Optional provider: more metrics text (another module's counters) appended to `/metrics`. */
export const EXTRA_METRICS = Symbol('ExtraMetrics');
export type ExtraMetrics = () => string;

const escape = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** The projection figures in the Prometheus text exposition format (version 0.0.4). */
export const prometheusText = (report: ProjectionReport, gate: ReadGateStats): string => {
  const lines: string[] = [];
  const metric = (
    name: string,
    type: 'gauge' | 'counter',
    help: string,
    samples: [Record<string, string>, number][],
  ) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      const text = Object.entries(labels)
        .map(([k, v]) => `${k}="${escape(v)}"`)
        .join(',');
      lines.push(`${name}${text === '' ? '' : `{${text}}`} ${Number.isFinite(value) ? value : 'NaN'}`);
    }
  };
  const perModel = (value: (m: ProjectionReport['readModels'][number]) => number) =>
    report.readModels.map((m): [Record<string, string>, number] => [{ read_model: m.name }, value(m)]);

  metric(
    'upload_sessions_event_log_head',
    'gauge',
    'Leading counter of the head position of the event log.',
    [[{}, report.headPosition === null ? 0 : Number(positionCounter(report.headPosition))]],
  );
  metric(
    'upload_sessions_projection_position',
    'gauge',
    'Leading counter of the last log position a read model has taken into account.',
    perModel((m) => Number(positionCounter(m.position))),
  );
  metric(
    'upload_sessions_projection_lag',
    'gauge',
    `How far a read model is behind the head of the log (${report.lagUnit === 'events' ? 'events' : 'bytes of KurrentDB transaction log'}).`,
    perModel((m) => m.lag ?? NaN),
  );
  metric(
    'upload_sessions_projection_events_total',
    'counter',
    'Events of the log a read model has taken into account since its tables were built.',
    perModel((m) => m.events),
  );
  metric(
    'upload_sessions_projection_up',
    'gauge',
    '1 while the projection runs (catching up or live), 0 when it failed or stopped.',
    [[{ state: report.state }, report.state === 'live' || report.state === 'catching-up' ? 1 : 0]],
  );
  metric(
    'upload_sessions_read_your_writes_waits_total',
    'counter',
    'Reads that waited for the read models to reach a write.',
    [[{}, gate.waits]],
  );
  metric(
    'upload_sessions_read_your_writes_timeouts_total',
    'counter',
    'Reads whose wait for a write ended at its bound.',
    [[{}, gate.timeouts]],
  );
  return `${lines.join('\n')}\n`;
};
