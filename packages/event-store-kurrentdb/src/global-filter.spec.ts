import { planFilter } from './global-filter';

const event = (streamId: string, type: string) => ({ streamId, type });

describe('planFilter', () => {
  it('without a filter, asks the server to exclude system events and excludes them again here', () => {
    const plan = planFilter(undefined);
    expect(plan.server).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    expect(plan.accepts(event('upload-1', 'UploadStarted'))).toBe(true);
    expect(plan.accepts(event('$stats-0.0.0.0:2113', '$statsCollected'))).toBe(false);
    expect(plan.accepts(event('upload-1', '$metadata'))).toBe(false);
    expect(planFilter({ streamPrefixes: [], eventTypes: [] }).server).toEqual(plan.server);
  });

  it('filters stream prefixes on the server, and still drops system events', () => {
    const plan = planFilter({ streamPrefixes: ['upload-', 'library-'] });
    expect(plan.server).toMatchObject({ filterOn: 'streamName', prefixes: ['upload-', 'library-'] });
    expect(plan.accepts(event('upload-1', 'UploadStarted'))).toBe(true);
    expect(plan.accepts(event('library-9', 'ItemAdded'))).toBe(true);
    expect(plan.accepts(event('session-1', 'UploadStarted'))).toBe(false);
    expect(plan.accepts(event('upload-1', '$>'))).toBe(false);
  });

  it('filters event types on the server by prefix and matches them exactly here', () => {
    const plan = planFilter({ eventTypes: ['UploadStarted', 'UploadCompleted'] });
    expect(plan.server).toMatchObject({
      filterOn: 'eventType',
      prefixes: ['UploadStarted', 'UploadCompleted'],
    });
    expect(plan.accepts(event('upload-1', 'UploadStarted'))).toBe(true);
    expect(plan.accepts(event('upload-1', 'UploadStartedV2'))).toBe(false);
    expect(plan.accepts(event('upload-1', 'UploadCancelled'))).toBe(false);
  });

  it('combines both lists: stream prefixes on the server, event types here', () => {
    const plan = planFilter({ streamPrefixes: ['upload-'], eventTypes: ['UploadCompleted'] });
    expect(plan.server).toMatchObject({ filterOn: 'streamName', prefixes: ['upload-'] });
    expect(plan.accepts(event('upload-1', 'UploadCompleted'))).toBe(true);
    expect(plan.accepts(event('upload-1', 'UploadStarted'))).toBe(false);
    expect(plan.accepts(event('library-1', 'UploadCompleted'))).toBe(false);
  });
});
