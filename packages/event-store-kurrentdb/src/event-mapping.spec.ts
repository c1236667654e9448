import type { RecordedEvent as ClientRecordedEvent } from '@kurrent/kurrentdb-client';
import type { NewEvent } from '@upload-sessions/event-store';
import { randomUUID } from 'node:crypto';
import { isCanonicalUuid, nameBasedUuid } from './event-id';
import { fromClientEvent, recordedAtOf, toEventData, toMultiAppendEventData } from './event-mapping';
import { toGlobalPosition } from './kurrentdb-position';

const newEvent = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  id: randomUUID(),
  type: 'UploadStarted',
  data: { sessionId: 's-1', size: 1024, parts: [1, 2], resumable: true, note: null },
  metadata: { correlationId: 'corr-1', causationId: 'cause-1', tenant: 'acme' },
  ...overrides,
});

/** What the server hands back for a written event: the client's recorded-event shape. */
const recorded = (written: ReturnType<typeof toEventData>, extra: Partial<ClientRecordedEvent> = {}) =>
  ({
    streamId: 'upload-1',
    id: written.id,
    isJson: true,
    revision: 4n,
    type: written.type,
    created: new Date('2026-01-02T03:04:05.678Z'),
    data: JSON.parse(JSON.stringify(written.data)),
    metadata: JSON.parse(JSON.stringify(written.metadata)),
    position: { commit: 1200n, prepare: 1100n },
    ...extra,
  }) as ClientRecordedEvent;

describe('toEventData', () => {
  it("writes JSON and mirrors correlation and causation ids into KurrentDB's own $ names, keeping the originals", () => {
    const event = newEvent();
    const data = toEventData(event);
    expect(data).toMatchObject({
      id: event.id,
      contentType: 'application/json',
      type: 'UploadStarted',
      data: event.data,
    });
    expect(data.metadata).toEqual({
      correlationId: 'corr-1',
      causationId: 'cause-1',
      tenant: 'acme',
      $correlationId: 'corr-1',
      $causationId: 'cause-1',
    });
  });

  it('leaves metadata without those ids as it is, and does not overwrite a $ name set by the caller', () => {
    expect(toEventData(newEvent({ metadata: { tenant: 'acme' } })).metadata).toEqual({ tenant: 'acme' });
    expect(toEventData(newEvent({ metadata: { correlationId: 'a', $correlationId: 'b' } })).metadata).toEqual(
      {
        correlationId: 'a',
        $correlationId: 'b',
      },
    );
  });

  it('gives ids KurrentDB would not return unchanged a deterministic UUID, so retries stay idempotent', () => {
    const first = toEventData(newEvent({ id: 'evt-42' }));
    const retry = toEventData(newEvent({ id: 'evt-42' }));
    expect(isCanonicalUuid(first.id)).toBe(true);
    expect(first.id).toBe(retry.id);
    expect(first.id).not.toBe(toEventData(newEvent({ id: 'evt-43' })).id);
    expect(first.id[14]).toBe('5');
    expect(toEventData(newEvent({ id: 'ABCDEF00-0000-4000-8000-000000000000' })).id).not.toBe(
      'ABCDEF00-0000-4000-8000-000000000000',
    );
  });
});

describe('fromClientEvent', () => {
  it('round-trips an event written through toEventData, without the $ duplicates', () => {
    const event = newEvent();
    expect(fromClientEvent(recorded(toEventData(event)))).toEqual({
      ...event,
      streamName: 'upload-1',
      revision: 4,
      position: toGlobalPosition({ commit: 1200n, prepare: 1100n }),
      // Whole seconds: the precision the client's reads give (its subscriptions give milliseconds).
      recordedAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('gives one recordedAt whether the client read it (whole seconds) or a subscription delivered it (ms)', () => {
    const data = toEventData(newEvent());
    const read = fromClientEvent(recorded(data, { created: new Date('2026-01-02T03:04:05.000Z') }));
    const subscribed = fromClientEvent(recorded(data, { created: new Date('2026-01-02T03:04:05.999Z') }));
    expect(read).toEqual(subscribed);
    expect(recordedAtOf(new Date('1999-12-31T23:59:59.999Z'))).toBe('1999-12-31T23:59:59.000Z');
  });

  it('gives back the original id of an event whose id was not a UUID', () => {
    const event = newEvent({ id: 'evt-42' });
    const back = fromClientEvent(recorded(toEventData(event)));
    expect(back?.id).toBe('evt-42');
    expect(back?.metadata).toEqual(event.metadata);
    expect(nameBasedUuid('evt-42')).toBe(toEventData(event).id);
  });

  it("keeps $ names another writer set on its own, since they are not this adapter's duplicates", () => {
    const back = fromClientEvent(
      recorded(toEventData(newEvent()), { metadata: { $correlationId: 'theirs', correlationId: 'ours' } }),
    );
    expect(back?.metadata).toEqual({ $correlationId: 'theirs', correlationId: 'ours' });
  });

  it('exposes events of other writers: no metadata, binary JSON, or a payload that is not an object', () => {
    const base = toEventData(newEvent());
    expect(fromClientEvent(recorded(base, { metadata: undefined }))?.metadata).toEqual({});
    expect(
      fromClientEvent(
        recorded(base, {
          isJson: false,
          data: new TextEncoder().encode('{"a":1}'),
        } as Partial<ClientRecordedEvent>),
      )?.data,
    ).toEqual({ a: 1 });
    expect(fromClientEvent(recorded(base, { data: [1, 2] }))?.data).toEqual({ $data: [1, 2] });
    expect(
      fromClientEvent(
        recorded(base, { isJson: false, data: Uint8Array.of(0xff, 0x00) } as Partial<ClientRecordedEvent>),
      )?.data,
    ).toEqual({ $data: '/wA=' });
  });

  it('returns undefined when the server sent no position (servers before 22.6 on stream reads)', () => {
    expect(fromClientEvent(recorded(toEventData(newEvent()), { position: undefined }))).toBeUndefined();
  });
});

describe('toMultiAppendEventData', () => {
  it('sends metadata as flat strings (as multiStreamAppend requires) and reads back the port’s metadata', () => {
    const metadata = {
      correlationId: 'corr-1',
      actor: { id: 'alice', kind: 'user' },
      schemaVersion: 2,
      flag: true,
      nothing: null,
    };
    const written = toMultiAppendEventData(newEvent({ metadata }));
    const flat = written.metadata as Record<string, unknown>;
    expect(Object.values(flat).every((value) => typeof value === 'string')).toBe(true);
    expect(flat['$correlationId']).toBe('corr-1');
    // What a server may add to a multi-stream append's properties is dropped on the way back.
    const read = fromClientEvent(
      recorded(written, {
        metadata: { ...flat, '$schema.format': 'Json' } as ClientRecordedEvent['metadata'],
      }),
    );
    expect(read?.metadata).toEqual(metadata);
  });
});
