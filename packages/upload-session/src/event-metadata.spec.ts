import { isLeft } from 'fp-ts/Either';
import { EventMetadata } from './event-metadata';
import { formatValidationErrors } from './format-validation-errors';

const metadata = {
  eventId: '3f1c2a9e-8b1d-4f7e-9a51-0c6a2e7d9b10',
  occurredAt: '2024-05-01T10:00:00.000Z',
  actor: { id: 'user@example.com', kind: 'user' },
  organizationId: 'org-acme',
  correlationId: 'req-1',
  causationId: null,
};

describe('EventMetadata codec', () => {
  it('decodes metadata with and without the optional fields', () => {
    expect(EventMetadata.decode(metadata)).toEqual({ _tag: 'Right', right: metadata });
    const minimal = { ...metadata, actor: { id: 'sweeper' }, causationId: 'cmd-9', schemaVersion: 2 };
    expect(EventMetadata.decode(minimal)).toEqual({ _tag: 'Right', right: minimal });
  });

  it('drops unknown keys', () => {
    expect(EventMetadata.decode({ ...metadata, secret: 'x', actor: { id: 'u', token: 't' } })).toEqual({
      _tag: 'Right',
      right: { ...metadata, actor: { id: 'u' } },
    });
  });

  it('refuses bad metadata with a readable message', () => {
    const result = EventMetadata.decode({ ...metadata, occurredAt: 'now', schemaVersion: 0 });
    expect(isLeft(result) && formatValidationErrors(result.left)).toEqual([
      'at occurredAt: expected IsoDateTime (ISO-8601 with zone), got "now"',
      'at schemaVersion: expected SchemaVersion (integer >= 1), got 0',
    ]);
  });
});
