import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import { instrumentEventStore } from './instrument-event-store';
import { ServiceMetrics } from './service-metrics';

const value = async (metrics: ServiceMetrics, name: string, labels = ''): Promise<number> => {
  const text = await metrics.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return Number(line?.split(' ')[1] ?? NaN);
};

describe('instrumentEventStore', () => {
  it('measures appends by outcome and batch size, and counts lost races and the retries after them', async () => {
    const outcomes = [
      E.left({ _tag: 'WrongExpectedRevision', streamName: 's', expected: 0, actual: 1 }),
      E.right({ nextExpectedRevision: 2, position: '1' }),
      E.left({ _tag: 'StoreUnavailable', message: 'down' }),
    ];
    const store = {
      appendToStream: async () => outcomes.shift(),
    } as unknown as EventStore;
    const metrics = new ServiceMetrics();
    const measured = instrumentEventStore(store, metrics);
    const event = { id: 'e', type: 't', data: {}, metadata: {} };
    await measured.appendToStream('s', [event, event], { expectedRevision: 0 });
    await measured.appendToStream('s', [event, event], { expectedRevision: 1 });
    await measured.appendToStream('other', [event], { expectedRevision: 'no_stream' });
    const count = 'upload_sessions_event_store_append_duration_seconds_count';
    expect(await value(metrics, count, '{outcome="conflict"}')).toBe(1);
    expect(await value(metrics, count, '{outcome="ok"}')).toBe(1);
    expect(await value(metrics, count, '{outcome="unavailable"}')).toBe(1);
    expect(await value(metrics, 'upload_sessions_event_store_append_batch_size_sum')).toBe(2);
    expect(await value(metrics, 'upload_sessions_command_conflicts_total')).toBe(1);
    expect(await value(metrics, 'upload_sessions_command_retries_total')).toBe(1);
  });
});
